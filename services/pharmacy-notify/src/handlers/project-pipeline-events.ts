import { pipelineEventSchema } from '@firstsync/contracts';
import {
  batchToOutputs,
  type ConsumerOptions,
  createRecordConsumer,
  createRecordProducer,
  decodeJson,
  describeFailure,
  type GroupSession,
  HEADER,
  type IncomingRecord,
  type KafkaClient,
  type OutgoingRecord,
  type RecordConsumer,
  SCHEMA,
  type TopicNames,
} from '@firstsync/kafka';
import type { Logger } from '@firstsync/logging';
import { createPharmacyProjector, type PharmacyProjector } from '@firstsync/pharmacy-events';

export interface ProjectorDeps {
  readonly kafka: KafkaClient;
  readonly logger: Logger;
  readonly topics: Pick<TopicNames, 'pipelineEvents' | 'pharmacyEvents'>;
  /** Prefixes the consumer group id (the topic prefix). */
  readonly groupIdPrefix?: string;
  /** Consumer-group liveness (KAFKA_SESSION_TIMEOUT_MS / KAFKA_HEARTBEAT_INTERVAL_MS); the client's defaults when absent. */
  readonly session?: GroupSession;
  /** How its consumer is made (the service passes one whose lag is observed); createRecordConsumer by default. */
  readonly createConsumer?: (options: ConsumerOptions) => RecordConsumer;
  /** Consultations whose context is remembered (PROJECTOR_MAX_CONSULTATIONS); the projector's default when absent. */
  readonly maxConsultations?: number;
}

export interface Projector {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface Projection {
  readonly outputs: OutgoingRecord[];
  /** Records that could not be read as pipeline events: where they are and why, never their text. */
  readonly skipped: { readonly partition: number; readonly offset: string; readonly reason: string }[];
}

/**
 * A batch of pipeline.events.v1 records -> pharmacy.events.v1 records (no I/O; the projector only
 * remembers per-consultation context), keyed by the pharmacy's ODS code so one pharmacy's events
 * share a partition (their offsets are the change-feed order).
 */
export function projectRecords(records: readonly IncomingRecord[], projector: PharmacyProjector, pharmacyEventsTopic: string): Projection {
  const outputs: OutgoingRecord[] = [];
  const skipped: Projection['skipped'] = [];
  for (const record of records) {
    const decoded = decodeJson(record, pipelineEventSchema);
    if (!decoded.ok) {
      skipped.push({ partition: record.partition, offset: record.offset, reason: describeFailure(decoded) });
      continue;
    }
    for (const event of projector.project(decoded.value)) {
      const correlationId = record.headers[HEADER.correlationId];
      outputs.push({
        topic: pharmacyEventsTopic,
        key: event.data.pharmacyOds,
        value: JSON.stringify(event),
        headers: {
          [HEADER.schema]: SCHEMA.pharmacyEvent,
          [HEADER.consultationId]: event.data.consultationId,
          ...(correlationId ? { [HEADER.correlationId]: correlationId } : {}),
        },
      });
    }
  }
  return { outputs, skipped };
}

/**
 * Consumer group `pharmacy-notify.projector` on pipeline.events.v1: one send and one commit per
 * batch (batchToOutputs). A crash replays a batch; the pharmacy events' ids are deterministic, so the
 * feed deduplicates the replay and receivers see the same webhook-id.
 */
export function createProjector({ kafka, logger, topics, groupIdPrefix = '', session, createConsumer, maxConsultations }: ProjectorDeps): Projector {
  const log = logger.child({ component: 'pharmacy-event-projector' });
  const producer = createRecordProducer(kafka, log);
  const consumer = (createConsumer ?? ((options: ConsumerOptions) => createRecordConsumer(kafka, log, options)))({
    groupId: `${groupIdPrefix}pharmacy-notify.projector`,
    topics: [topics.pipelineEvents],
    fromBeginning: true,
    ...session,
  });
  // Remembers what a later event needs of an earlier one (the version, why a fallback was needed).
  const projector = createPharmacyProjector(maxConsultations === undefined ? {} : { maxConsultations });
  const handler = batchToOutputs(producer, (records) => {
    const { outputs, skipped } = projectRecords(records, projector, topics.pharmacyEvents);
    return {
      outputs,
      onDurable() {
        for (const skip of skipped) log.warn(skip, 'pipeline event skipped: not readable');
        log.debug({ records: records.length, projected: outputs.length }, 'pipeline events projected');
      },
    };
  });
  return {
    async start() {
      await producer.connect();
      await consumer.start(handler);
    },
    async stop() {
      // Consumer first: the batch in hand still needs the producer.
      await consumer.stop();
      await producer.disconnect();
    },
  };
}
