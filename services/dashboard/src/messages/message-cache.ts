import { inspect } from 'node:util';
import { type GpMessage, gpMessageSchema } from '@firstsync/contracts';

/**
 * A copy of `data` in a buffer of its own: never a slice of the record's fetch buffer (which would
 * keep the whole fetch alive) nor of Node's shared pool (which would keep its 8 KB slab alive).
 */
function ownBytes(data: string | Buffer): Buffer {
  const bytes = Buffer.allocUnsafeSlow(typeof data === 'string' ? Buffer.byteLength(data) : data.length);
  if (typeof data === 'string') bytes.write(data, 'utf8');
  else data.copy(bytes);
  return bytes;
}

/**
 * The latest gp-messages.v1 message per consultation, for the detail page's "message itself".
 * Bounded by bytes (least recently written out first) because a message is tens of kilobytes and
 * the dashboard rebuilds from the topic at every start; an evicted message is simply not shown.
 * Each message is kept as its UTF-8 bytes, outside the V8 heap: the budget is exactly what is held
 * (a JavaScript string of a message with any character above U+00FF takes two bytes a character,
 * so counting UTF-8 while holding strings let 64 MB of budget hold about 100 MB of heap), and a
 * steady churn of evicted messages is not old-generation garbage driving the heap's growth.
 * It holds patient data, so it can never be serialised or logged by accident.
 */
export class MessageCache {
  readonly #entries = new Map<string, { version: number; bytes: Buffer }>();
  #bytes = 0;

  constructor(private readonly maxBytes: number) {}

  /** `value` is the parsed record (for its id and version), `data` the record's value as read. */
  remember(value: unknown, data: string | Buffer): boolean {
    if (typeof value !== 'object' || value === null) return false;
    const { consultationId, version } = value as { consultationId?: unknown; version?: unknown };
    if (typeof consultationId !== 'string' || typeof version !== 'number') return false;
    const existing = this.#entries.get(consultationId);
    // The latest version of the message wins, whatever order the versions were read in.
    if (existing && existing.version > version) return false;
    if (existing) this.#remove(consultationId, existing.bytes.length);
    const size = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    if (size > this.maxBytes) return false;
    this.#entries.set(consultationId, { version, bytes: ownBytes(data) });
    this.#bytes += size;
    while (this.#bytes > this.maxBytes) {
      const oldest = this.#entries.entries().next().value;
      if (!oldest) break;
      this.#remove(oldest[0], oldest[1].bytes.length);
    }
    return true;
  }

  get(consultationId: string): GpMessage | undefined {
    const entry = this.#entries.get(consultationId);
    if (!entry) return undefined;
    try {
      const parsed = gpMessageSchema.safeParse(JSON.parse(entry.bytes.toString('utf8')));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  get size(): number {
    return this.#entries.size;
  }

  /** UTF-8 bytes held: at most the budget. */
  get bytes(): number {
    return this.#bytes;
  }

  #remove(consultationId: string, size: number): void {
    this.#entries.delete(consultationId);
    this.#bytes -= size;
  }

  toJSON(): string {
    return '[messages withheld]';
  }

  [inspect.custom](): string {
    return 'MessageCache [withheld]';
  }
}
