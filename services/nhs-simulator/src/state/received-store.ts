/**
 * What the simulated GP side has received, deduplicated the way a GP system does: by
 * Bundle.identifier per practice. Every receipt of an already-known identifier is counted, so tests
 * and demos can see how often the sender repeated itself.
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
  readonly bundle: unknown;
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

export class ReceivedStore {
  private readonly messages = new Map<string, ReceivedMessage>();

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
    const message: ReceivedMessage = { ...receipt, firstReceivedAt: at, lastReceivedAt: at, receipts: 1 };
    this.messages.set(key, message);
    return { duplicate: false, message };
  }

  find(practiceOds: string, bundleIdentifier: string): ReceivedMessage | undefined {
    return this.messages.get(`${practiceOds}|${bundleIdentifier}`);
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
    return this.matching(filter).map(({ bundle: _bundle, ...summary }) => ({ ...summary, duplicates: summary.receipts - 1 }));
  }

  /** As `list`, with each message's Bundle as received (first copy). */
  listWithBundles(filter: ReceivedFilter = {}): (ReceivedSummary & { bundle: unknown })[] {
    return this.matching(filter).map((message) => ({ ...message, duplicates: message.receipts - 1 }));
  }

  clear(): void {
    this.messages.clear();
  }
}
