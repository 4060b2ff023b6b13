import { KafkaUnavailableError, type OutgoingRecord, type RecordProducer } from '@firstsync/kafka';

export interface ByteBudgetOptions {
  /**
   * Most record bytes handed to the producer and not yet acknowledged. The producer coalesces
   * everything queued into one request, and Kafka refuses a partition's record batch over
   * `message.max.bytes` (1 MiB by default) as a whole: 100 large consultations of one batch request
   * would all fail, every time. Keeping the outstanding bytes under that bounds every batch.
   */
  maxOutstandingBytes: number;
  /** A send still waiting for budget after this long fails as Kafka being unavailable (-> 503). */
  maxWaitMs: number;
}

type Sender = Pick<RecordProducer, 'send'>;

export function recordBytes(record: OutgoingRecord): number {
  const headers = Object.entries(record.headers ?? {}).reduce((sum, [k, v]) => sum + Buffer.byteLength(k) + Buffer.byteLength(String(v)), 0);
  return Buffer.byteLength(record.value) + (record.key === null ? 0 : Buffer.byteLength(record.key)) + headers;
}

/**
 * Wraps a producer so sends wait (first come, first served) while the bytes outstanding would go
 * over budget. A send larger than the whole budget goes alone once nothing else is outstanding.
 */
export function withByteBudget(producer: Sender, { maxOutstandingBytes, maxWaitMs }: ByteBudgetOptions): Sender {
  let outstanding = 0;
  const waiting: { bytes: number; admit: () => void }[] = [];

  const fits = (bytes: number) => outstanding === 0 || outstanding + bytes <= maxOutstandingBytes;

  function admitWaiting(): void {
    while (waiting.length > 0 && fits(waiting[0]?.bytes ?? 0)) {
      const next = waiting.shift();
      if (!next) break;
      outstanding += next.bytes;
      next.admit();
    }
  }

  function reserve(bytes: number): Promise<void> {
    if (waiting.length === 0 && fits(bytes)) {
      outstanding += bytes;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const entry = {
        bytes,
        admit: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        const index = waiting.indexOf(entry);
        if (index >= 0) waiting.splice(index, 1);
        reject(new KafkaUnavailableError(`Kafka did not take the records within ${maxWaitMs} ms`));
        // Leaving the queue may let smaller sends behind this one in.
        admitWaiting();
      }, maxWaitMs);
      waiting.push(entry);
    });
  }

  return {
    async send(records) {
      const list = Array.isArray(records) ? (records as readonly OutgoingRecord[]) : [records as OutgoingRecord];
      const bytes = list.reduce((sum, record) => sum + recordBytes(record), 0);
      await reserve(bytes);
      try {
        await producer.send(list);
      } finally {
        outstanding -= bytes;
        admitWaiting();
      }
    },
  };
}
