import type { Clock } from '@firstsync/contracts';
import { type BatchHandler, type IncomingRecord, type RecordProducer, readJson, type TopicNames } from '@firstsync/kafka';
import type { Logger } from '@firstsync/logging';
import { planCommand } from '../engine/commands';
import type { HoldRegistry } from '../state/hold-registry';
import type { MessageIndex } from '../state/message-index';
import type { StateTailer } from '../state/state-tailer';

export interface CommandConsumerDeps {
  readonly topics: TopicNames;
  readonly index: MessageIndex;
  readonly holds: HoldRegistry;
  readonly tailer: StateTailer;
  readonly producer: RecordProducer;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly maxAgeMs: number;
  readonly catchUpTimeoutMs: number;
}

const SEND_SLICE = 50;

// planCommand checks the command itself (and names a skip): it gets the parsed JSON, or nothing.
function json(record: IncomingRecord): unknown {
  const read = readJson(record.value);
  return read.ok ? read.value : undefined;
}

/**
 * Carries out operator commands one at a time, in topic order. Before each, the local state is
 * caught up with everything written so far (a resend right after a park must find the parked
 * copy). A command is marked done only once its records (requeued messages, audit events) are
 * acknowledged by Kafka; a crash in between repeats it, which a resend survives (the GP side
 * deduplicates by Bundle identifier) and a hold or release does not notice.
 */
export function commandBatchHandler(deps: CommandConsumerDeps): BatchHandler {
  const { logger } = deps;
  return async (records, context) => {
    for (const record of records) {
      if (!context.shouldContinue()) return;
      await deps.tailer.catchUp(deps.catchUpTimeoutMs);
      const plan = planCommand({ value: json(record), offset: Number(record.offset), now: deps.clock.now(), maxAgeMs: deps.maxAgeMs }, deps.topics, {
        latest: (id) => deps.index.latest(id),
        parked: (ods) => deps.index.parked(ods),
      });
      if (plan.kind === 'skip') {
        logger.warn({ offset: record.offset, reason: plan.reason }, 'operator command skipped');
      } else {
        if (plan.hold) deps.holds.apply(plan.hold.practiceOds, plan.hold.held, Number(record.offset));
        // A resend-set may name thousands of consultations, each a full message: send in slices
        // so no single request to the broker grows past its size limit.
        for (let i = 0; i < plan.records.length; i += SEND_SLICE) {
          await deps.producer.send(plan.records.slice(i, i + SEND_SLICE));
          await context.heartbeat();
        }
        logger.info({ offset: record.offset, key: record.key, records: plan.records.length }, 'operator command carried out');
      }
      context.markDone(record);
      await context.heartbeat();
    }
  };
}
