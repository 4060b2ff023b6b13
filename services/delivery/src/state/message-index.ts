import type { GpMessage } from '@firstsync/contracts';

/** Where the latest copy of a consultation's message sits. `queued`: on the delivery path (main topic or a retry tier). */
export type IndexedState = 'queued' | 'parked' | 'dead-lettered' | 'needs-fallback';

export interface IndexedMessage {
  readonly gpMessage: GpMessage;
  readonly state: IndexedState;
  /** Broker timestamp of the record this entry came from. */
  readonly at: number;
  readonly parkReason?: string;
}

/**
 * The latest GpMessage per consultationId, so operator commands (resend, release) can find what to
 * send. Fed from gp-messages, delivery.parked and delivery.dead-letter.
 */
export interface MessageIndex {
  /** Keeps the highest version; for the same version the later record wins. */
  record(entry: IndexedMessage): void;
  latest(consultationId: string): IndexedMessage | undefined;
  parked(practiceOds?: string): IndexedMessage[];
  readonly size: number;
}

/**
 * In memory, rebuilt from the topics at every start. Holds one message per consultation within the
 * topics' retention (14 days on gp-messages): fine for a few hundred thousand consultations; a
 * compacted topic or a database takes its place behind this interface beyond that.
 */
export class InMemoryMessageIndex implements MessageIndex {
  private readonly entries = new Map<string, IndexedMessage>();

  record(entry: IndexedMessage): void {
    const known = this.entries.get(entry.gpMessage.consultationId);
    if (known) {
      if (entry.gpMessage.version < known.gpMessage.version) return;
      if (entry.gpMessage.version === known.gpMessage.version && entry.at < known.at) return;
    }
    this.entries.set(entry.gpMessage.consultationId, entry);
  }

  latest(consultationId: string): IndexedMessage | undefined {
    return this.entries.get(consultationId);
  }

  parked(practiceOds?: string): IndexedMessage[] {
    return [...this.entries.values()].filter((entry) => entry.state === 'parked' && (practiceOds === undefined || entry.gpMessage.practiceOds === practiceOds));
  }

  get size(): number {
    return this.entries.size;
  }
}
