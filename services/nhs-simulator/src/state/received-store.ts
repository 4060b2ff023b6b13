/**
 * What the simulated GP side has received, deduplicated the way a GP system does: by
 * Bundle.identifier per practice. Every receipt of an already-known identifier is counted, so tests
 * and demos can see how often the sender repeated itself.
 *
 * Receipt metadata is kept for every message; the Bundles themselves only for the most recent
 * `keepBundles` (a parsed ITK3 Bundle costs tens of kilobytes of heap, and a benchmark or a long
 * demo sends tens of thousands: keeping them all made the simulator the size of its traffic).
 */
export interface ReceivedMessage {
  readonly practiceOds: string;
  readonly bundleIdentifier: string;
  readonly messageHeaderId: string | null;
  readonly consultationId: string | null;
  readonly correlationId: string | null;
  readonly firstReceivedAt: string;
  lastReceivedAt: string;
  /** Times this message arrived; 1 means no duplicates. */
  receipts: number;
}

export interface ReceivedSummary {
  practiceOds: string;
  bundleIdentifier: string;
  messageHeaderId: string | null;
  consultationId: string | null;
  correlationId: string | null;
  firstReceivedAt: string;
  lastReceivedAt: string;
  receipts: number;
  duplicates: number;
}

export interface ReceivedFilter {
  practiceOds?: string | undefined;
  consultationId?: string | undefined;
  bundleIdentifier?: string | undefined;
}

export interface NewReceipt {
  practiceOds: string;
  bundleIdentifier: string;
  messageHeaderId: string | null;
  consultationId: string | null;
  correlationId: string | null;
  bundle: unknown;
}

/** Bundles kept unless told otherwise: plenty for any test or demo that inspects what arrived. */
export const DEFAULT_KEEP_BUNDLES = 200;

export class ReceivedStore {
  private readonly messages = new Map<string, ReceivedMessage>();
  /** Insertion order = arrival order, so the oldest Bundle is the first key. */
  private readonly bundles = new Map<string, unknown>();

  constructor(private readonly keepBundles: number = DEFAULT_KEEP_BUNDLES) {}

  /** Records a receipt; `duplicate` is true when this identifier was already received for the practice. */
  record(receipt: NewReceipt, now: Date): { duplicate: boolean; message: ReceivedMessage } {
    const key = `${receipt.practiceOds}|${receipt.bundleIdentifier}`;
    const at = now.toISOString();
    const known = this.messages.get(key);
    if (known) {
      known.receipts += 1;
      known.lastReceivedAt = at;
      return { duplicate: true, message: known };
    }
    const { bundle, ...facts } = receipt;
    const message: ReceivedMessage = { ...facts, firstReceivedAt: at, lastReceivedAt: at, receipts: 1 };
    this.messages.set(key, message);
    this.keepBundle(key, bundle);
    return { duplicate: false, message };
  }

  private keepBundle(key: string, bundle: unknown): void {
    if (this.keepBundles <= 0) return;
    this.bundles.set(key, bundle);
    if (this.bundles.size > this.keepBundles) {
      const oldest = this.bundles.keys().next();
      if (!oldest.done) this.bundles.delete(oldest.value);
    }
  }

  /** The message with its Bundle as first received, or `bundle: null` once it is no longer kept. */
  find(practiceOds: string, bundleIdentifier: string): (ReceivedMessage & { bundle: unknown }) | undefined {
    const key = `${practiceOds}|${bundleIdentifier}`;
    const message = this.messages.get(key);
    return message ? { ...message, bundle: this.bundles.get(key) ?? null } : undefined;
  }

  get size(): number {
    return this.messages.size;
  }

  private matching(filter: ReceivedFilter): ReceivedMessage[] {
    return [...this.messages.values()].filter(
      (m) =>
        (filter.practiceOds === undefined || m.practiceOds === filter.practiceOds) &&
        (filter.consultationId === undefined || m.consultationId === filter.consultationId) &&
        (filter.bundleIdentifier === undefined || m.bundleIdentifier === filter.bundleIdentifier),
    );
  }

  list(filter: ReceivedFilter = {}): ReceivedSummary[] {
    return this.matching(filter).map((message) => ({ ...message, duplicates: message.receipts - 1 }));
  }

  /** As `list`, with each message's Bundle as received (first copy); null when no longer kept. */
  listWithBundles(filter: ReceivedFilter = {}): (ReceivedSummary & { bundle: unknown })[] {
    return this.matching(filter).map((message) => ({
      ...message,
      duplicates: message.receipts - 1,
      bundle: this.bundles.get(`${message.practiceOds}|${message.bundleIdentifier}`) ?? null,
    }));
  }

  clear(): void {
    this.messages.clear();
    this.bundles.clear();
  }
}
