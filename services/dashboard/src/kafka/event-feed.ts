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

/** The read model's fetch per partition: a store-backed model writes one transaction per batch. */
const READ_MODEL_FETCH_BYTES_PER_PARTITION = 1_048_576;

/**
 * How far the read model may trail its topics to read them in batches (materialise's patienceMs):
 * a quarter of a second on a screen people watch, against a fetch round trip (and, with a store, a
 * transaction) per event at the low rates a live system mostly runs at.
 */
const READ_MODEL_PATIENCE_MS = 250;

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
  const where = (record: IncomingRecord) => ({ topic: record.topic, partition: record.partition, offset: record.offset });

  function rememberMessage(record: IncomingRecord): void {
    const json = readJson(record.value);
    const value = json.ok ? json.value : undefined;
    // Never log anything from this topic beyond where the record is: it carries patient data.
    if (!identities.remember(value)) logger.warn(where(record), 'gp message without usable routing identifiers; ignored');
    else if (record.value) deps.messages.remember(value, record.value);
  }

  async function applyCommand(record: IncomingRecord): Promise<void> {
    const command = decodeJson(record, opsCommandSchema);
    if (command.ok) await readModel.applyCommand(command.value, positionAfter(record));
    else logger.warn(where(record), 'invalid ops command; ignored');
  }

  /** One partition's batch: for the events, one write of the whole batch with the position after it. */
  async function handleBatch(records: readonly IncomingRecord[]): Promise<void> {
    const last = records[records.length - 1];
    if (!last) return;
    if (last.topic === topics.gpMessages) {
      for (const record of records) rememberMessage(record);
      return;
    }
    if (last.topic === topics.opsCommands) {
      for (const record of records) await applyCommand(record);
      return;
    }
    const events = records.flatMap((record) => {
      const event = decodeJson(record, pipelineEventSchema);
      if (event.ok) return [event.value];
      logger.warn(where(record), 'invalid pipeline event; ignored');
      return [];
    });
    // A persistent model stores where it is with the events themselves (the in-memory one ignores it).
    for (const result of await readModel.applyAll(events, positionAfter(last))) deps.onApplied(result);
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
        patienceMs: READ_MODEL_PATIENCE_MS,
        sessionTimeoutMs: deps.sessionTimeoutMs ?? 30_000,
        heartbeatIntervalMs: deps.heartbeatIntervalMs ?? 3_000,
        // Bad records are ignored in handleBatch; what throws is the store (a server restarting): a
        // persistent model tries the batch again rather than storing offsets past it.
        failedApply: readModel.offsets ? 'retry' : 'skip',
        maxBytesPerPartition: READ_MODEL_FETCH_BYTES_PER_PARTITION,
        applyBatch: handleBatch,
      });
    },
    stop: async () => {
      await view?.stop();
    },
  };
}
