import { randomUUID } from 'node:crypto';
import { opsCommandSchema, pipelineEventSchema } from '@firstsync/contracts';
import { createRecordConsumer, type IncomingRecord, type KafkaClient, type TopicNames } from '@firstsync/kafka';
import type { Logger } from '@firstsync/logging';
import type { MessageCache } from '../messages/message-cache';
import type { PatientIdentities } from '../patient-identities';
import type { ApplyResult, ReadModel } from '../read-model/read-model';

export interface EventFeed {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly running: boolean;
}

export interface EventFeedDeps {
  kafka: KafkaClient;
  logger: Logger;
  topics: Pick<TopicNames, 'pipelineEvents' | 'gpMessages' | 'opsCommands'>;
  readModel: ReadModel;
  identities: PatientIdentities;
  messages: MessageCache;
  onApplied: (result: ApplyResult) => void;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
}

function decodeJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Feeds the read model from the beginning of its topics at every start. The consumer group is new
 * for each process (nothing is committed that matters), so each instance rebuilds its whole state
 * from Kafka, which is the source of truth; an instance never depends on another's offsets.
 */
export function createEventFeed(deps: EventFeedDeps): EventFeed {
  const { logger, topics, readModel, identities } = deps;
  const consumer = createRecordConsumer(deps.kafka, logger, {
    groupId: `dashboard-read-model-${randomUUID()}`,
    topics: [topics.pipelineEvents, topics.gpMessages, topics.opsCommands],
    fromBeginning: true,
    sessionTimeoutMs: deps.sessionTimeoutMs ?? 30_000,
    heartbeatIntervalMs: deps.heartbeatIntervalMs ?? 3_000,
  });

  async function handle(record: IncomingRecord): Promise<void> {
    const where = { topic: record.topic, partition: record.partition, offset: record.offset };
    const text = record.value?.toString('utf8');
    const value = decodeJson(text);
    if (record.topic === topics.gpMessages) {
      // Never log anything from this topic beyond where the record is: it carries patient data.
      if (!identities.remember(value)) logger.warn(where, 'gp message without usable routing identifiers; ignored');
      else deps.messages.remember(value, text ?? '');
      return;
    }
    if (record.topic === topics.opsCommands) {
      const parsed = opsCommandSchema.safeParse(value);
      if (parsed.success) await readModel.applyCommand(parsed.data);
      else logger.warn(where, 'invalid ops command; ignored');
      return;
    }
    const parsed = pipelineEventSchema.safeParse(value);
    if (!parsed.success) {
      logger.warn(where, 'invalid pipeline event; ignored');
      return;
    }
    deps.onApplied(await readModel.apply(parsed.data));
  }

  return {
    get running() {
      return consumer.running;
    },
    async start() {
      await consumer.start(async (records, context) => {
        for (const record of records) {
          if (!context.shouldContinue()) return;
          await handle(record);
          context.markDone(record);
        }
        await context.heartbeat();
      });
    },
    stop: () => consumer.stop(),
  };
}
