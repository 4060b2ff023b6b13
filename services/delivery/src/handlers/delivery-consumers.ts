import type { Clock } from '@firstsync/contracts';
import type { BatchHandler, IncomingRecord } from '@firstsync/kafka';
import { notBeforeOf, readDeliveryInput } from '../engine/delivery-work';
import type { DeliveryEngine } from '../engine/delivery-engine';
import { runBatch, type BatchRunnerDeps } from './batch-runner';

function processWith(engine: DeliveryEngine, fromRetryTier: boolean) {
  return (record: IncomingRecord) =>
    engine.deliver(readDeliveryInput(record, fromRetryTier), { topic: record.topic, partition: record.partition, offset: record.offset, key: record.key });
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

/**
 * A retry tier: records are worked once due (header not-before), in offset order. The first record
 * not yet due pauses only this partition until its time; it and everything after it stay unmarked
 * and are fetched again on resume.
 */
export function retryTierBatchHandler(engine: DeliveryEngine, deps: BatchRunnerDeps, clock: Clock): BatchHandler {
  const process = processWith(engine, true);
  return async (records, context) => {
    if (stoppingGuard(deps, context)) return;
    const now = clock.now().getTime();
    const firstWaiting = records.findIndex((record) => notBeforeOf(record) > now);
    if (firstWaiting === -1) {
      await runBatch(records, context, process, deps);
      return;
    }
    const waiting = records[firstWaiting];
    await runBatch(records.slice(0, firstWaiting), context, process, deps, waiting ? notBeforeOf(waiting) : now);
  };
}
