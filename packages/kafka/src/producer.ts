import type { Logger } from '@firstsync/logging';
import type { KafkaClient, OutgoingRecord, ProducerTransport } from './port';
import { retryTransient } from './retry-transient';
import { finish, traceSend } from './tracing';

export type { OutgoingRecord } from './port';

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
   * How long a record sent while the producer is idle waits for others to share its request.
   * While a request is in flight no timer is needed: records queue up and go out together the
   * moment it is acknowledged ("natural batching"), so under load batches grow with the round
   * trip and at low rates a record waits at most lingerMs (0: only for the current tick).
   */
  lingerMs?: number;
  maxBatchRecords?: number;
  /**
   * Bytes per produce request. The broker refuses a partition batch over 1 MiB
   * (message.max.bytes), and a refused batch would fail every record that shared it; GP messages
   * are ~15 KB, so a backlog of 500 would not fit. Queued records are cut into requests below this.
   */
  maxBatchBytes?: number;
  /** A send that has not been acknowledged by then fails (the caller answers 503, nothing half-accepted). */
  sendTimeoutMs?: number;
  /**
   * How long `connect` keeps trying while the brokers refuse transiently. The replicated chaos run
   * caught a delivery instance starting while a broker was restarting: the cluster's metadata named
   * the broker before it listened, kafkajs' connect gave up at once with ECONNREFUSED, and the
   * process exited during start-up.
   */
  connectWithinMs?: number;
}

interface Pending {
  records: readonly OutgoingRecord[];
  bytes: number;
  resolve: () => void;
  reject: (err: Error) => void;
}

export function createRecordProducer(kafka: KafkaClient, logger: Logger, options: ProducerOptions = {}): RecordProducer {
  const lingerMs = options.lingerMs ?? 0;
  const maxBatchRecords = options.maxBatchRecords ?? 500;
  const maxBatchBytes = options.maxBatchBytes ?? 512 * 1024;
  const sendTimeoutMs = options.sendTimeoutMs ?? 10_000;
  let producer = createProducer();
  let connected = false;
  // After a failed send an idempotent producer can be wedged for good (OUT_OF_ORDER_SEQUENCE_NUMBER
  // after a broker restart or a refused batch); a fresh producer id is the only way out.
  let replaceBeforeNextSend = false;
  const queue: Pending[] = [];
  let queuedRecords = 0;
  let queuedBytes = 0;
  let cancelLinger: (() => void) | undefined;
  // The pump sends one request at a time (ordering per partition) until the queue is empty.
  let pumping = false;
  let pumped: Promise<void> = Promise.resolve();

  function createProducer(): ProducerTransport {
    // Idempotent with one request in flight: retries can neither duplicate nor reorder records.
    const created = kafka.createProducerTransport();
    created.onDisconnect(() => {
      if (created === producer) connected = false;
    });
    return created;
  }

  async function replaceProducer(): Promise<void> {
    const old = producer;
    producer = createProducer();
    await old.disconnect().catch(() => undefined);
    await producer.connect();
    connected = true;
    replaceBeforeNextSend = false;
    logger.info('kafka producer replaced after a failed send');
  }

  async function sendWithTimeout(requests: ReadonlyArray<OutgoingRecord[]>): Promise<void> {
    let timeout: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timeout = setTimeout(() => reject(new KafkaUnavailableError(`Kafka did not acknowledge within ${sendTimeoutMs} ms`)), sendTimeoutMs);
    });
    try {
      await Promise.race([
        (async () => {
          if (replaceBeforeNextSend) await replaceProducer();
          for (const request of requests) await producer.send(request);
        })(),
        deadline,
      ]);
    } finally {
      clearTimeout(timeout);
    }
  }

  async function sendBatch(batch: Pending[]): Promise<void> {
    const requests: OutgoingRecord[][] = [];
    let current: OutgoingRecord[] = [];
    let currentBytes = 0;
    for (const pending of batch) {
      for (const record of pending.records) {
        const bytes = recordBytes(record);
        if (currentBytes > 0 && currentBytes + bytes > maxBatchBytes) {
          requests.push(current);
          current = [];
          currentBytes = 0;
        }
        current.push(record);
        currentBytes += bytes;
      }
    }
    requests.push(current);
    try {
      await sendWithTimeout(requests);
      for (const pending of batch) pending.resolve();
    } catch (err) {
      // Callers treat a rejection as "not written"; a record of an earlier request may be in Kafka
      // nonetheless, which consumers absorb (at-least-once, idempotent downstream).
      replaceBeforeNextSend = true;
      const error = err instanceof KafkaUnavailableError ? err : new KafkaUnavailableError(`Kafka send failed: ${(err as Error).message}`);
      logger.warn({ err: error, records: batch.reduce((n, p) => n + p.records.length, 0) }, 'kafka send failed');
      for (const pending of batch) pending.reject(error);
    }
  }

  function clearLinger(): void {
    cancelLinger?.();
    cancelLinger = undefined;
  }

  function startLinger(): void {
    if (cancelLinger) return;
    if (lingerMs > 0) {
      const timer = setTimeout(() => void flush(), lingerMs);
      cancelLinger = () => clearTimeout(timer);
    } else {
      // Same tick only: sends made together (Promise.all, one HTTP batch) share the request.
      const immediate = setImmediate(() => void flush());
      cancelLinger = () => clearImmediate(immediate);
    }
  }

  /** The next request: queued sends in arrival order, cut at maxBatchRecords / maxBatchBytes. */
  function takeBatch(): Pending[] {
    let count = 0;
    let records = 0;
    let bytes = 0;
    for (const pending of queue) {
      if (count > 0 && (records + pending.records.length > maxBatchRecords || bytes + pending.bytes > maxBatchBytes)) break;
      count += 1;
      records += pending.records.length;
      bytes += pending.bytes;
    }
    queuedRecords -= records;
    queuedBytes -= bytes;
    return queue.splice(0, count);
  }

  async function pump(): Promise<void> {
    try {
      while (queue.length > 0) {
        await sendBatch(takeBatch());
        // Let the callers just acknowledged run first: what they send next joins this next request
        // instead of trailing behind it in one of its own.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      // Synchronous with the empty-queue check above: a send() after it starts a new pump.
      pumping = false;
    }
  }

  /** Starts sending now unless a request is already in flight (then the queue goes when it is acknowledged). */
  function flush(): Promise<void> {
    clearLinger();
    if (!pumping && queue.length > 0) {
      pumping = true;
      pumped = pump();
    }
    return pumped;
  }

  return {
    get connected() {
      return connected;
    },
    async connect() {
      await retryTransient(() => producer.connect(), {
        withinMs: options.connectWithinMs ?? 60_000,
        isTransient: (err) => kafka.isRetriable(err),
        backoffMs: 500,
        maxBackoffMs: 3_000,
        onRetry: (err, attempt) => logger.warn({ err, attempt }, 'kafka producer could not connect yet; retrying'),
      });
      connected = true;
    },
    send(records) {
      const given = Array.isArray(records) ? (records as readonly OutgoingRecord[]) : [records as OutgoingRecord];
      if (given.length === 0) return Promise.resolve();
      // Off, traceSend hands the records back untouched and no span exists.
      const { records: list, span } = traceSend(given);
      const sent = new Promise<void>((resolve, reject) => {
        const bytes = list.reduce((sum, record) => sum + recordBytes(record), 0);
        queue.push({ records: list, bytes, resolve, reject });
        queuedRecords += list.length;
        queuedBytes += bytes;
        if (pumping) return; // goes out as soon as the request in flight is acknowledged
        if (queuedRecords >= maxBatchRecords || queuedBytes >= maxBatchBytes) void flush();
        else startLinger();
      });
      return span ? finish(span, () => sent) : sent;
    },
    async disconnect() {
      // Sends queued while the last request was in flight are sent by the same pump.
      while (queue.length > 0 || pumping) await flush();
      await producer.disconnect();
      connected = false;
    },
  };
}

function recordBytes(record: OutgoingRecord): number {
  let bytes =
    64 + (record.key ? Buffer.byteLength(record.key) : 0) + (typeof record.value === 'string' ? Buffer.byteLength(record.value) : record.value.length);
  for (const [name, value] of Object.entries(record.headers ?? {})) bytes += name.length + (value ? String(value).length : 0);
  return bytes;
}
