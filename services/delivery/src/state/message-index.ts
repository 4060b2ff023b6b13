import { type GpMessage, gpMessageSchema } from '@firstsync/contracts';
import { type BodyRef, type BodyStore, MemoryBodyStore } from './body-store';

/** Where the latest copy of a consultation's message sits. `queued`: on the delivery path (main topic or a retry tier). */
export type IndexedState = 'queued' | 'parked' | 'dead-lettered' | 'needs-fallback';

export interface IndexedMessage {
  readonly gpMessage: GpMessage;
  readonly state: IndexedState;
  /** Broker timestamp of the record this entry came from. */
  readonly at: number;
  readonly parkReason?: string;
}

/** What the index keeps on the heap per consultation: ids and where the body is, never the bundle. */
export interface IndexedMeta {
  readonly consultationId: string;
  readonly version: number;
  readonly practiceOds: string;
  readonly state: IndexedState;
  readonly at: number;
  readonly parkReason?: string;
}

/**
 * The record value a message came in: a GpMessage itself (gp-messages) or a value holding it under
 * `gpMessage` (delivery.parked, delivery.dead-letter). Its bytes are kept as read, so nothing is
 * serialised again.
 */
export interface IndexedBody {
  readonly bytes: Buffer;
  readonly wrapped: boolean;
}

/**
 * The latest GpMessage per consultationId, so operator commands (resend, release) and late
 * acknowledgements can find what to send. Fed from gp-messages, delivery.parked and delivery.dead-letter.
 */
export interface MessageIndex {
  /** Keeps the highest version; for the same version the later record wins. */
  record(meta: IndexedMeta, body: IndexedBody): void;
  latest(consultationId: string): IndexedMessage | undefined;
  parked(practiceOds?: string): IndexedMessage[];
  readonly size: number;
}

interface Entry extends IndexedMeta {
  readonly ref: BodyRef;
  readonly wrapped: boolean;
}

/**
 * Metadata in memory, bodies in a BodyStore (a scratch file in the service), rebuilt from the topics
 * at every start. Keeping whole GpMessages on the heap cost ~50 kB per consultation (910 MB after
 * 17k); this keeps ~250 bytes each and reads a body back only when a command or an acknowledgement
 * needs it, which is rare. A compacted topic or a database takes its place behind this interface
 * when the metadata itself grows too big (millions of consultations within retention).
 */
export interface MessageIndexOptions {
  /**
   * A fresh, empty store. With it, superseded bodies (older versions, retries, a message moved to
   * parked or dead-letter) are reclaimed: once the store holds more than twice the live bodies and
   * at least `compactAtBytes`, the live ones are copied to a new store and the old one is closed.
   * Without it a long-running instance's scratch file would grow with all traffic since it started.
   */
  readonly newStore?: () => BodyStore;
  readonly compactAtBytes?: number;
}

export class InMemoryMessageIndex implements MessageIndex {
  private readonly entries = new Map<string, Entry>();
  private liveBytes = 0;
  private store: BodyStore;

  constructor(
    store: BodyStore = new MemoryBodyStore(),
    private readonly options: MessageIndexOptions = {},
  ) {
    this.store = store;
  }

  record(meta: IndexedMeta, body: IndexedBody): void {
    const known = this.entries.get(meta.consultationId);
    if (known) {
      if (meta.version < known.version) return;
      if (meta.version === known.version && meta.at < known.at) return;
      this.liveBytes -= known.ref.length;
    }
    this.entries.set(meta.consultationId, { ...meta, ref: this.store.put(body.bytes), wrapped: body.wrapped });
    this.liveBytes += body.bytes.length;
    this.compactIfWasteful();
  }

  /** Bytes in the store, superseded bodies included (what compaction keeps near the live bytes). */
  get storedBytes(): number {
    return this.store.bytes;
  }

  close(): void {
    this.store.close();
  }

  private compactIfWasteful(): void {
    const { newStore, compactAtBytes = 64 * 1024 * 1024 } = this.options;
    if (!newStore || this.store.bytes < compactAtBytes || this.store.bytes <= 2 * this.liveBytes) return;
    const old = this.store;
    const fresh = newStore();
    for (const [id, entry] of this.entries) this.entries.set(id, { ...entry, ref: fresh.put(old.get(entry.ref)) });
    this.store = fresh;
    old.close();
  }

  latest(consultationId: string): IndexedMessage | undefined {
    const entry = this.entries.get(consultationId);
    return entry ? this.materialise(entry) : undefined;
  }

  parked(practiceOds?: string): IndexedMessage[] {
    const found: IndexedMessage[] = [];
    for (const entry of this.entries.values()) {
      if (entry.state !== 'parked' || (practiceOds !== undefined && entry.practiceOds !== practiceOds)) continue;
      const message = this.materialise(entry);
      if (message) found.push(message);
    }
    return found;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The body was validated when it was recorded; it is checked again here because it crossed a file. */
  private materialise(entry: Entry): IndexedMessage | undefined {
    const value: unknown = JSON.parse(this.store.get(entry.ref).toString('utf8'));
    const candidate = entry.wrapped && typeof value === 'object' && value !== null ? (value as { gpMessage?: unknown }).gpMessage : value;
    const parsed = gpMessageSchema.safeParse(candidate);
    if (!parsed.success) return undefined;
    return { gpMessage: parsed.data, state: entry.state, at: entry.at, ...(entry.parkReason !== undefined ? { parkReason: entry.parkReason } : {}) };
  }
}
