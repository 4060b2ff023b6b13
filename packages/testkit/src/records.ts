import { randomUUID } from 'node:crypto';
import { createRecordConsumer, type IncomingRecord } from '@firstsync/kafka';
import { quietLogger, testKafka } from './broker';

export interface TopicReader<T> {
  /** Everything read so far, decoded. */
  readonly values: readonly T[];
  /** Resolves with all values once `predicate` holds, or rejects after `timeoutMs` saying what was seen. */
  waitFor(predicate: (values: readonly T[]) => boolean, timeoutMs?: number): Promise<readonly T[]>;
  close(): Promise<void>;
}

/** Reads a topic from the beginning in a throwaway consumer group, decoding JSON values. */
export async function readTopic<T = unknown>(
  topic: string,
  decode: (record: IncomingRecord) => T = (r) => JSON.parse(String(r.value)) as T,
): Promise<TopicReader<T>> {
  const values: T[] = [];
  const consumer = createRecordConsumer(testKafka('test-reader'), quietLogger, {
    groupId: `test-reader-${randomUUID()}`,
    topics: [topic],
    fromBeginning: true,
    sessionTimeoutMs: 10_000,
    heartbeatIntervalMs: 1_000,
  });
  await consumer.start(async (records, context) => {
    for (const record of records) {
      values.push(decode(record));
      context.markDone(record);
    }
  });
  return {
    values,
    async waitFor(predicate, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(values)) {
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting on ${topic}; saw ${values.length} records`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return values;
    },
    close: () => consumer.stop(),
  };
}
