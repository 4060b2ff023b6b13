import { opsCommandSchema, pipelineEventSchema } from '@firstsync/contracts';
import { decodeJson, type IncomingRecord, type KafkaClient, type Materialised, materialise, readJson, type TopicNames } from '@firstsync/kafka';
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

/**
 * Feeds the read model from the beginning of its topics at every start. The consumer group is new
 * for each process (nothing is committed that matters), so each instance rebuilds its whole state
 * from Kafka, which is the source of truth; an instance never depends on another's offsets.
 */
export function createEventFeed(deps: EventFeedDeps): EventFeed {
  const { logger, topics, readModel, identities } = deps;
  async function handle(record: IncomingRecord): Promise<void> {
    const where = { topic: record.topic, partition: record.partition, offset: record.offset };
    if (record.topic === topics.gpMessages) {
      const json = readJson(record.value);
      const value = json.ok ? json.value : undefined;
      // Never log anything from this topic beyond where the record is: it carries patient data.
      if (!identities.remember(value)) logger.warn(where, 'gp message without usable routing identifiers; ignored');
      else deps.messages.remember(value, record.value?.toString('utf8') ?? '');
      return;
    }
    if (record.topic === topics.opsCommands) {
      const command = decodeJson(record, opsCommandSchema);
      if (command.ok) await readModel.applyCommand(command.value);
      else logger.warn(where, 'invalid ops command; ignored');
      return;
    }
    const event = decodeJson(record, pipelineEventSchema);
    if (!event.ok) {
      logger.warn(where, 'invalid pipeline event; ignored');
      return;
    }
    // A persistent model stores where it is with the event itself (the in-memory one ignores it).
    deps.onApplied(
      await readModel.apply(event.value, { topic: record.topic, partition: record.partition, nextOffset: (BigInt(record.offset) + 1n).toString() }),
    );
  }

  let view: Materialised | undefined;

  return {
    get running() {
      return view?.running ?? false;
    },
    async start() {
      view = await materialise(deps.kafka, logger, {
        name: 'dashboard-read-model',
        groupIdPrefix: 'dashboard-read-model-',
        topics: [topics.pipelineEvents, topics.gpMessages, topics.opsCommands],
        sessionTimeoutMs: deps.sessionTimeoutMs ?? 30_000,
        heartbeatIntervalMs: deps.heartbeatIntervalMs ?? 3_000,
        apply: handle,
      });
    },
    stop: async () => {
      await view?.stop();
    },
  };
}
