import { outcomeFactRecordSchema } from '@firstsync/contracts';
import { decodeJson, type IncomingRecord, type KafkaClient, type Materialised, materialise, resumePoints } from '@firstsync/kafka';
import type { Logger } from '@firstsync/logging';
import type { OutcomeFactRecord, OutcomesStore, StreamPosition } from './port';

export const DEFAULT_ABSORBER_CONSUMER = 'outcomes-store';

/**
 * The most one partition's fetch may hold, so the most one absorb transaction covers. Every batch
 * spread over the country rewrites a rollup row for nearly every PCN (~1,300 rows, plus sub-ICBs
 * and ICBs) whatever its size, so the client's default 1 MiB (~2,300 records, ~800 consultations)
 * spent most of a transaction on those rows; 16 MiB (~40,000 records) shares them among 16 times
 * as many facts (national bench: 1.4-1.7 times the consultations a second). A fetch returns
 * whatever is there (it waits for 1 byte), so a live stream still absorbs in small batches at
 * once; only a backlog fills it. Memory: that fetch and its decoded facts, per partition in hand.
 */
export const ABSORBER_FETCH_BYTES = 16 * 1_048_576;

export interface OutcomesAbsorberDeps {
  readonly kafka: KafkaClient;
  readonly logger: Logger;
  readonly store: OutcomesStore;
  /** The resolved name of `outcomes.facts.v1` (with the deployment's topic prefix). */
  readonly topic: string;
  /** Names this absorber's offsets in the store (default `outcomes-store`). */
  readonly consumer?: string;
  /** Consumer group prefix (a random id is appended per start). */
  readonly groupIdPrefix?: string;
  readonly sessionTimeoutMs?: number;
  readonly heartbeatIntervalMs?: number;
}

export interface OutcomesAbsorber {
  /** Resolves once the topic was absorbed up to where it ended at start. */
  readonly reached: Promise<void>;
  /** Resolves once everything written to the topic before the call is absorbed. */
  catchUp(timeoutMs: number): Promise<void>;
  readonly running: boolean;
  stop(): Promise<void>;
}

/**
 * Follows `outcomes.facts.v1` into the outcomes store, one partition's fetch (up to
 * ABSORBER_FETCH_BYTES) per transaction with the offset after it, resuming from the offsets stored there (one past a partition's end means the
 * store outlived its topic: that partition is read again, and absorbing is idempotent). A record
 * that is not a valid fact is skipped (its offset logged, nothing of its content); a failing store
 * is retried rather than moved past. Every instance may run one: the store's writes are idempotent
 * and its offsets only move forward.
 */
export async function createOutcomesAbsorber(deps: OutcomesAbsorberDeps): Promise<OutcomesAbsorber> {
  const { kafka, logger, store, topic } = deps;
  const consumer = deps.consumer ?? DEFAULT_ABSORBER_CONSUMER;
  const log = logger.child({ component: 'outcomes-absorber' });
  const stored = (await store.offsets(consumer))
    .filter((p) => p.topic === topic)
    .map((p) => ({ topic: p.topic, partition: p.partition, offset: p.nextOffset }));
  const startOffsets = await resumePoints(kafka, log, stored);

  async function applyBatch(records: readonly IncomingRecord[]): Promise<void> {
    const facts: OutcomeFactRecord[] = [];
    const positions = new Map<number, StreamPosition>();
    for (const record of records) {
      const decoded = decodeJson(record, outcomeFactRecordSchema);
      if (decoded.ok) facts.push(decoded.value);
      else log.warn({ topic: record.topic, partition: record.partition, offset: record.offset }, 'invalid outcome fact record; skipped');
      positions.set(record.partition, { consumer, topic: record.topic, partition: record.partition, nextOffset: (BigInt(record.offset) + 1n).toString() });
    }
    await store.absorb(facts, [...positions.values()]);
  }

  const view: Materialised = await materialise(kafka, log, {
    name: 'outcomes-absorber',
    groupIdPrefix: deps.groupIdPrefix ?? 'outcomes-absorber-',
    topics: [topic],
    startOffsets,
    failedApply: 'retry',
    maxBytesPerPartition: ABSORBER_FETCH_BYTES,
    sessionTimeoutMs: deps.sessionTimeoutMs ?? 30_000,
    heartbeatIntervalMs: deps.heartbeatIntervalMs ?? 3_000,
    applyBatch,
  });
  return {
    reached: view.reached,
    catchUp: (timeoutMs) => view.catchUp(timeoutMs),
    get running() {
      return view.running;
    },
    stop: () => view.stop(),
  };
}
