import { randomUUID } from 'node:crypto';
import type { LifecycleEvent } from '@firstsync/consultation-lifecycle';
import { pipelineEventSchema } from '@firstsync/contracts';
import { createKafkaClient, createRecordConsumer, type TopicNames } from '@firstsync/kafka';
import { createLogger } from '@firstsync/logging';

export interface LifecycleFollower {
  /** Each consultation's events in topic order (one partition per consultation). */
  readonly events: ReadonlyMap<string, readonly LifecycleEvent[]>;
  stop(): Promise<void>;
}

const quiet = createLogger({ service: 'soak-observer', level: 'silent' });

/** Reads pipeline.events from the beginning in a throwaway group: the truth a status answer is judged by. */
export async function followLifecycles(brokers: string, topics: TopicNames): Promise<LifecycleFollower> {
  const events = new Map<string, LifecycleEvent[]>();
  const kafka = createKafkaClient({ brokers, clientId: 'soak-observer', retries: 10 }, quiet);
  const consumer = createRecordConsumer(kafka, quiet, {
    groupId: `soak-observer-${randomUUID()}`,
    topics: [topics.pipelineEvents],
    fromBeginning: true,
    sessionTimeoutMs: 10_000,
    heartbeatIntervalMs: 1_000,
  });
  await consumer.start(async (records, context) => {
    for (const record of records) {
      let parsed: ReturnType<typeof pipelineEventSchema.safeParse> | undefined;
      try {
        parsed = pipelineEventSchema.safeParse(JSON.parse(String(record.value ?? '{}')));
      } catch {
        // not JSON: the services' own tests cover the schema
      }
      // Practice-wide events (a hold, a release) name no consultation.
      if (parsed?.success && parsed.data.consultationId !== undefined) {
        const { consultationId, type, code, version, at } = parsed.data;
        const list = events.get(consultationId) ?? [];
        list.push({ type, version, at, ...(code !== undefined ? { code } : {}) });
        events.set(consultationId, list);
      }
      context.markDone(record);
    }
  });
  return { events, stop: () => consumer.stop() };
}
