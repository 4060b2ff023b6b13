import type { Clock } from '@firstsync/contracts';
import { type BatchHandler, type IncomingRecord, runInRecordTrace } from '@firstsync/kafka';
import type { DeliveryEngine } from '../engine/delivery-engine';
import { notBeforeOf, readDeliveryInput } from '../engine/delivery-work';
import { type BatchRunnerDeps, runBatch } from './batch-runner';

// Each record is delivered in its own consultation's trace: the call to the GP system (FHIR REST,
// MESH) then carries that trace's traceparent, whatever else shared the batch (no-op with tracing off).
function processWith(engine: DeliveryEngine, fromRetryTier: boolean) {
  return (record: IncomingRecord) =>
    runInRecordTrace(record, () =>
      engine.deliver(readDeliveryInput(record, fromRetryTier), { topic: record.topic, partition: record.partition, offset: record.offset, key: record.key }),
    );
}

/** While stopping, new batches are neither worked nor marked: pause so they are not fetched in a loop. */
function stoppingGuard(deps: BatchRunnerDeps, context: Parameters<BatchHandler>[1]): boolean {
  if (!deps.tracker.stopping && context.shouldContinue()) return false;
  if (deps.tracker.stopping) context.pause();
  return true;
}

/** The main delivery path: gp-messages.v1. */
export function deliveryBatchHandler(engine: DeliveryEngine, deps: BatchRunnerDeps): BatchHandler {
  const process = processWith(engine, false);
  return async (records, context) => {
    if (stoppingGuard(deps, context)) return;
    await runBatch(records, context, process, deps);
  };
}

/** True when a record held back for its practice may go before its due time (the practice recovered since). */
export type ReleasedEarly = (record: IncomingRecord) => boolean;

/**
 * A retry tier: records are worked once due (header not-before), in offset order. The first record
 * not yet due pauses only this partition until its time; it and everything after it stay unmarked
 * and are fetched again on resume. A record is due early when its practice's breaker closed after
 * it was held back (`releasedEarly`): the waits are for a practice that was failing, not for the
 * record, and a closing breaker wakes the paused tiers (WorkTracker.wake) so the backlog drains at
 * once instead of as the tiers release it.
 */
export function retryTierBatchHandler(engine: DeliveryEngine, deps: BatchRunnerDeps, clock: Clock, releasedEarly: ReleasedEarly = () => false): BatchHandler {
  const process = processWith(engine, true);
  return async (records, context) => {
    if (stoppingGuard(deps, context)) return;
    const now = clock.now().getTime();
    const firstWaiting = records.findIndex((record) => notBeforeOf(record) > now && !releasedEarly(record));
    if (firstWaiting === -1) {
      await runBatch(records, context, process, deps);
      return;
    }
    const waiting = records[firstWaiting];
    await runBatch(records.slice(0, firstWaiting), context, process, deps, waiting ? notBeforeOf(waiting) : now);
  };
}
