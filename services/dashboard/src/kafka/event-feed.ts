import { opsCommandSchema, pipelineEventSchema } from '@firstsync/contracts';
import {
  decodeJson,
  type IncomingRecord,
  type KafkaClient,
  type Materialised,
  materialise,
  type PartitionStart,
  readJson,
  resumePoints,
  type TopicNames,
} from '@firstsync/kafka';
import type { Logger } from '@firstsync/logging';
import type { MessageCache } from '../messages/message-cache';
import type { PatientIdentities } from '../patient-identities';
import type { ApplyResult, ReadModel, RecordPosition } from '../read-model/read-model';

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
 * Where the model's topics resume: its stored offsets for the events and commands (never the GP
 * messages: the caches they fill are in memory), as @firstsync/kafka's resumePoints judges them.
 */
async function resumeFromStore(deps: EventFeedDeps): Promise<PartitionStart[]> {
  const { topics, readModel, logger } = deps;
  const stored = (await readModel.offsets?.()) ?? [];
  const resumable = stored
    .filter((p) => p.topic === topics.pipelineEvents || p.topic === topics.opsCommands)
    .map((p) => ({ topic: p.topic, partition: p.partition, offset: p.nextOffset }));
  if (resumable.length === 0) return [];
  const starts = await resumePoints(deps.kafka, logger, resumable);
  logger.info({ partitions: starts.length }, 'read model resumes from its stored offsets');
  return starts;
}

const positionAfter = (record: IncomingRecord): RecordPosition => ({
  topic: record.topic,
  partition: record.partition,
  nextOffset: (BigInt(record.offset) + 1n).toString(),
});

/**
 * Feeds the read model from its topics. The consumer group is new for each process (its committed
 * offsets matter to nothing). A model in memory is rebuilt from the beginning of the topics at every
 * start; a persistent one stores its offsets with what it applied, so the feed resumes the events and
 * commands from there. The GP messages still replay from the beginning at every start: the patient
 * identities and message cache they fill live in this process's memory only.
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
      else if (record.value) deps.messages.remember(value, record.value);
      return;
    }
    if (record.topic === topics.opsCommands) {
      const command = decodeJson(record, opsCommandSchema);
      if (command.ok) await readModel.applyCommand(command.value, positionAfter(record));
      else logger.warn(where, 'invalid ops command; ignored');
      return;
    }
    const event = decodeJson(record, pipelineEventSchema);
    if (!event.ok) {
      logger.warn(where, 'invalid pipeline event; ignored');
      return;
    }
    // A persistent model stores where it is with the event itself (the in-memory one ignores it).
    deps.onApplied(await readModel.apply(event.value, positionAfter(record)));
  }

  let view: Materialised | undefined;

  return {
    get running() {
      return view?.running ?? false;
    },
    async start() {
      const startOffsets = await resumeFromStore(deps);
      view = await materialise(deps.kafka, logger, {
        startOffsets,
        name: 'dashboard-read-model',
        groupIdPrefix: 'dashboard-read-model-',
        topics: [topics.pipelineEvents, topics.gpMessages, topics.opsCommands],
        sessionTimeoutMs: deps.sessionTimeoutMs ?? 30_000,
        heartbeatIntervalMs: deps.heartbeatIntervalMs ?? 3_000,
        // Bad records are ignored in handle; what throws is the store (a server restarting): a
        // persistent model tries the record again rather than storing offsets past it.
        failedApply: readModel.offsets ? 'retry' : 'skip',
        apply: handle,
      });
    },
    stop: async () => {
      await view?.stop();
    },
  };
}
