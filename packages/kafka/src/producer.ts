import type { Kafka, Message, Producer } from 'kafkajs';
import type { Logger } from '@firstsync/logging';
import type { Headers } from './headers';

export interface OutgoingRecord {
  readonly topic: string;
  readonly key: string | null;
  readonly value: string | Buffer;
  readonly headers?: Headers;
}

/** The one way services write to Kafka. Resolves only once the broker has acknowledged (acks=all). */
export interface RecordProducer {
  connect(): Promise<void>;
  send(records: OutgoingRecord | readonly OutgoingRecord[]): Promise<void>;
  /** Sends what is queued, then disconnects. Safe to call twice. */
  disconnect(): Promise<void>;
  readonly connected: boolean;
}

export class KafkaUnavailableError extends Error {
  override readonly name = 'KafkaUnavailableError';
}

export interface ProducerOptions {
  /**
   * How long a record may wait for others to share its request. kafkajs sends one request per
   * send() call; concurrent HTTP requests each awaiting their own round trip would cap throughput,
   * so records arriving together go out in one batch, as Java's `linger.ms` does.
   */
  lingerMs?: number;
  maxBatchRecords?: number;
  /** A send that has not been acknowledged by then fails (the caller answers 503, nothing half-accepted). */
  sendTimeoutMs?: number;
}

interface Pending {
  records: readonly OutgoingRecord[];
  resolve: () => void;
  reject: (err: Error) => void;
}

export function createRecordProducer(kafka: Kafka, logger: Logger, options: ProducerOptions = {}): RecordProducer {
  const lingerMs = options.lingerMs ?? 2;
  const maxBatchRecords = options.maxBatchRecords ?? 500;
  const sendTimeoutMs = options.sendTimeoutMs ?? 10_000;
  // Idempotent with one request in flight: retries can neither duplicate nor reorder records.
  const producer: Producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  let connected = false;
  let queue: Pending[] = [];
  let queuedRecords = 0;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();

  producer.on(producer.events.DISCONNECT, () => {
    connected = false;
  });

  async function sendBatch(batch: Pending[]): Promise<void> {
    const byTopic = new Map<string, Message[]>();
    for (const pending of batch) {
      for (const record of pending.records) {
        const messages = byTopic.get(record.topic) ?? [];
        messages.push({ key: record.key, value: record.value, headers: { ...record.headers } });
        byTopic.set(record.topic, messages);
      }
    }
    let timeout: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) }),
        new Promise<never>((_, reject) => {
          timeout = setTimeout(() => reject(new KafkaUnavailableError(`Kafka did not acknowledge within ${sendTimeoutMs} ms`)), sendTimeoutMs);
        }),
      ]);
      for (const pending of batch) pending.resolve();
    } catch (err) {
      const error = err instanceof KafkaUnavailableError ? err : new KafkaUnavailableError(`Kafka send failed: ${(err as Error).message}`);
      logger.warn({ err: error, records: batch.reduce((n, p) => n + p.records.length, 0) }, 'kafka send failed');
      for (const pending of batch) pending.reject(error);
    } finally {
      clearTimeout(timeout);
    }
  }

  function flush(): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    if (queue.length === 0) return inFlight;
    const batch = queue;
    queue = [];
    queuedRecords = 0;
    inFlight = inFlight.then(() => sendBatch(batch));
    return inFlight;
  }

  return {
    get connected() {
      return connected;
    },
    async connect() {
      await producer.connect();
      connected = true;
    },
    send(records) {
      const list = Array.isArray(records) ? (records as readonly OutgoingRecord[]) : [records as OutgoingRecord];
      if (list.length === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        queue.push({ records: list, resolve, reject });
        queuedRecords += list.length;
        if (queuedRecords >= maxBatchRecords) void flush();
        else timer ??= setTimeout(() => void flush(), lingerMs);
      });
    },
    async disconnect() {
      await flush();
      await producer.disconnect();
      connected = false;
    },
  };
}
