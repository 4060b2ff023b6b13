import { randomUUID } from 'node:crypto';
import { createKafkaClient, createRecordConsumer, HEADER, type IncomingRecord, type RecordConsumer, type TopicNames } from '@firstsync/kafka';
import { createLogger } from '@firstsync/logging';

/** One message as the simulated GP side recorded it (deduplicated by Bundle.identifier per practice). */
export interface GpReceipt {
  readonly consultationId: string | null;
  readonly practiceOds: string;
  readonly bundleIdentifier: string;
  /** Times it arrived on the wire; 1 = no duplicate. */
  readonly receipts: number;
}

export interface DeadLetter {
  readonly consultationId: string;
  readonly topic: string;
  /** Why it was dead-lettered (empty when the record carried no reason: reported as a defect). */
  readonly reason: string;
}

const quiet = createLogger({ service: 'chaos-observer', level: 'silent' });

/** What the simulated GP side holds (its admin API; nothing of this exists on a real NHS endpoint). */
export async function gpReceipts(simulatorUrl: string): Promise<GpReceipt[]> {
  const response = await fetch(`${simulatorUrl}/admin/received`, { signal: AbortSignal.timeout(30_000) });
  if (!response.ok) throw new Error(`simulator /admin/received answered ${response.status}`);
  const body = (await response.json()) as { messages: GpReceipt[] };
  return body.messages.map(({ consultationId, practiceOds, bundleIdentifier, receipts }) => ({ consultationId, practiceOds, bundleIdentifier, receipts }));
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** consultationId and reason of a record on mapping.dead-letter or delivery.dead-letter. */
export function deadLetterFromRecord(record: IncomingRecord): DeadLetter | undefined {
  let value: Record<string, unknown> = {};
  try {
    value = JSON.parse(String(record.value ?? '{}')) as Record<string, unknown>;
  } catch {
    // unreadable values still count by header
  }
  const gpMessage = (value.gpMessage ?? {}) as Record<string, unknown>;
  const consultationId = record.headers[HEADER.consultationId] || text(value.consultationId) || text(gpMessage.consultationId) || record.key || '';
  if (consultationId === '') return undefined;
  const reasonObject = (value.reason ?? {}) as Record<string, unknown>;
  const reason =
    (typeof value.reason === 'string' ? value.reason : [text(reasonObject.code), text(reasonObject.message)].filter(Boolean).join(': ')) ||
    record.headers[HEADER.failureReason] ||
    '';
  return { consultationId, topic: record.topic, reason };
}

export interface DeadLetterCollector {
  readonly letters: readonly DeadLetter[];
  stop(): Promise<void>;
}

/** Reads both dead-letter topics from the beginning in a throwaway group and keeps what it sees. */
export async function collectDeadLetters(brokers: string, topics: TopicNames): Promise<DeadLetterCollector> {
  const letters: DeadLetter[] = [];
  const kafka = createKafkaClient({ brokers, clientId: 'chaos-observer', retries: 10 }, quiet);
  const consumer: RecordConsumer = createRecordConsumer(kafka, quiet, {
    groupId: `chaos-observer-${randomUUID()}`,
    topics: [topics.mappingDeadLetter, topics.deliveryDeadLetter],
    fromBeginning: true,
    sessionTimeoutMs: 10_000,
    heartbeatIntervalMs: 1_000,
  });
  await consumer.start(async (records, context) => {
    for (const record of records) {
      const letter = deadLetterFromRecord(record);
      if (letter) letters.push(letter);
      context.markDone(record);
    }
  });
  return { letters, stop: () => consumer.stop() };
}

/** What the pipeline has said about one consultation so far (event types in topic order). */
export interface PipelineTrail {
  readonly types: readonly string[];
  /** The last event's code, e.g. an ITK3 ack code or an HTTP status. */
  readonly lastCode?: string;
}

export interface PipelineFollower {
  readonly trails: ReadonlyMap<string, PipelineTrail>;
  stop(): Promise<void>;
}

/** Reads pipeline.events from the beginning in a throwaway group: each consultation's event types. */
export async function followPipeline(brokers: string, topics: TopicNames): Promise<PipelineFollower> {
  const trails = new Map<string, { types: string[]; lastCode?: string }>();
  const kafka = createKafkaClient({ brokers, clientId: 'pipeline-observer', retries: 10 }, quiet);
  const consumer: RecordConsumer = createRecordConsumer(kafka, quiet, {
    groupId: `pipeline-observer-${randomUUID()}`,
    topics: [topics.pipelineEvents],
    fromBeginning: true,
    sessionTimeoutMs: 10_000,
    heartbeatIntervalMs: 1_000,
  });
  await consumer.start(async (records, context) => {
    for (const record of records) {
      try {
        const event = JSON.parse(String(record.value ?? '{}')) as { consultationId?: unknown; type?: unknown; code?: unknown };
        if (typeof event.consultationId === 'string' && typeof event.type === 'string') {
          const trail = trails.get(event.consultationId) ?? { types: [] };
          trail.types.push(event.type);
          trail.lastCode = typeof event.code === 'string' ? event.code : undefined;
          trails.set(event.consultationId, trail);
        }
      } catch {
        // not an event this observer can read; the services' own tests cover the schema
      }
      context.markDone(record);
    }
  });
  return { trails, stop: () => consumer.stop() };
}
