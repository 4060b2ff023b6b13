import { randomUUID } from 'node:crypto';
import { gpMessageSchema, opsCommandSchema } from '@firstsync/contracts';
import { createRecordConsumer, type IncomingRecord, type Kafka, type RecordConsumer, type TopicNames } from '@firstsync/kafka';
import type { Logger } from '@firstsync/logging';
import { z } from 'zod';
import type { HoldRegistry } from './hold-registry';
import type { IndexedState, MessageIndex } from './message-index';
import { endOffsets } from './topic-offsets';

export interface StateTailer {
  start(): Promise<void>;
  /** Resolves once everything written before the call has been applied (read-your-writes for commands). */
  catchUp(timeoutMs: number): Promise<void>;
  readonly caughtUpOnce: boolean;
  stop(): Promise<void>;
}

export interface StateTailerDeps {
  kafka: Kafka;
  logger: Logger;
  topics: TopicNames;
  index: MessageIndex;
  holds: HoldRegistry;
  groupIdPrefix: string;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
}

const storedSchema = z.object({ gpMessage: gpMessageSchema.nullable().optional(), disposition: z.string().optional(), reason: z.unknown().optional() });

function json(record: IncomingRecord): unknown {
  try {
    return JSON.parse(record.value?.toString('utf8') ?? '');
  } catch {
    return undefined;
  }
}

/**
 * Every instance reads gp-messages, delivery.parked, delivery.dead-letter and ops.commands from the
 * beginning in a group of its own, to know the latest message per consultation (for resends and
 * releases) and which practices are held. Unreadable records are skipped: the delivery path
 * dead-letters them on its own.
 */
export function createStateTailer(deps: StateTailerDeps): StateTailer {
  const { topics, index, holds, logger } = deps;
  const watched = [topics.gpMessages, topics.deliveryParked, topics.deliveryDeadLetter, topics.opsCommands];
  const applied = new Map<string, number>();
  let caughtUpOnce = false;
  let consumer: RecordConsumer | undefined;

  function apply(record: IncomingRecord): void {
    const value = json(record);
    if (record.topic === topics.opsCommands) {
      const command = opsCommandSchema.safeParse(value);
      if (command.success && (command.data.type === 'hold-practice' || command.data.type === 'release-practice')) {
        holds.apply(command.data.practiceOds, command.data.type === 'hold-practice', Number(record.offset));
      }
      return;
    }
    if (record.topic === topics.gpMessages) {
      const message = gpMessageSchema.safeParse(value);
      if (message.success) index.record({ gpMessage: message.data, state: 'queued', at: record.timestamp });
      return;
    }
    const stored = storedSchema.safeParse(value);
    if (!stored.success || !stored.data.gpMessage) return;
    if (record.topic === topics.deliveryParked) {
      const reason = typeof stored.data.reason === 'string' ? stored.data.reason : 'unknown';
      index.record({ gpMessage: stored.data.gpMessage, state: 'parked', at: record.timestamp, parkReason: reason });
      return;
    }
    const state: IndexedState = stored.data.disposition === 'needs-fallback' ? 'needs-fallback' : 'dead-lettered';
    index.record({ gpMessage: stored.data.gpMessage, state, at: record.timestamp });
  }

  function behind(ends: Map<string, number>): boolean {
    for (const [key, end] of ends) {
      if (end > 0 && (applied.get(key) ?? -1) < end - 1) return true;
    }
    return false;
  }

  return {
    get caughtUpOnce() {
      return caughtUpOnce;
    },
    async start() {
      consumer = createRecordConsumer(deps.kafka, logger, {
        groupId: `${deps.groupIdPrefix}-state-${randomUUID()}`,
        topics: watched,
        fromBeginning: true,
        partitionsConsumedConcurrently: 1,
        sessionTimeoutMs: deps.sessionTimeoutMs,
        heartbeatIntervalMs: deps.heartbeatIntervalMs,
      });
      await consumer.start(async (records, context) => {
        for (const record of records) {
          apply(record);
          applied.set(`${record.topic}|${record.partition}`, Number(record.offset));
          context.markDone(record);
        }
      });
    },
    async catchUp(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      let ends: Map<string, number> | undefined;
      while (!ends) {
        try {
          ends = await endOffsets(deps.kafka, watched);
        } catch (err) {
          // Metadata of topics created a moment ago can lag (unknown partition, leader moving): ask again.
          if (Date.now() > deadline) throw err;
          logger.debug({ err }, 'end offsets not available yet');
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
      while (behind(ends)) {
        if (Date.now() > deadline) throw new Error(`state not caught up within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      if (!caughtUpOnce) logger.info({ consultations: index.size, held: holds.held() }, 'delivery state rebuilt from topics');
      caughtUpOnce = true;
    },
    async stop() {
      await consumer?.stop();
    },
  };
}
