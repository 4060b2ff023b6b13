import { inspect } from 'node:util';
import { type GpMessage, gpMessageSchema } from '@firstsync/contracts';

/**
 * The latest gp-messages.v1 message per consultation, for the detail page's "message itself".
 * Bounded by bytes (least recently written out first) because a message is tens of kilobytes and
 * the dashboard rebuilds from the topic at every start; an evicted message is simply not shown.
 * It holds patient data, so it can never be serialised or logged by accident.
 */
export class MessageCache {
  readonly #entries = new Map<string, { version: number; text: string; size: number }>();
  #bytes = 0;

  constructor(private readonly maxBytes: number) {}

  /** `value` is the parsed record (for its id and version), `text` the record as read. */
  remember(value: unknown, text: string): boolean {
    if (typeof value !== 'object' || value === null) return false;
    const { consultationId, version } = value as { consultationId?: unknown; version?: unknown };
    if (typeof consultationId !== 'string' || typeof version !== 'number') return false;
    const existing = this.#entries.get(consultationId);
    // The latest version of the message wins, whatever order the versions were read in.
    if (existing && existing.version > version) return false;
    if (existing) this.#remove(consultationId, existing.size);
    const size = Buffer.byteLength(text);
    if (size > this.maxBytes) return false;
    this.#entries.set(consultationId, { version, text, size });
    this.#bytes += size;
    while (this.#bytes > this.maxBytes) {
      const oldest = this.#entries.entries().next().value;
      if (!oldest) break;
      this.#remove(oldest[0], oldest[1].size);
    }
    return true;
  }

  get(consultationId: string): GpMessage | undefined {
    const entry = this.#entries.get(consultationId);
    if (!entry) return undefined;
    try {
      const parsed = gpMessageSchema.safeParse(JSON.parse(entry.text));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  get size(): number {
    return this.#entries.size;
  }

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
