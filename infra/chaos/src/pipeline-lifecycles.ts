import type { LifecycleEvent } from '@firstsync/consultation-lifecycle';
import { pipelineEventSchema } from '@firstsync/contracts';
import { createKafkaClient, decodeJson, materialise, type TopicNames } from '@firstsync/kafka';
import { createLogger } from '@firstsync/logging';

export interface LifecycleFollower {
  /** Each consultation's events in topic order (one partition per consultation). */
  readonly events: ReadonlyMap<string, readonly LifecycleEvent[]>;
  stop(): Promise<void>;
}

const quiet = createLogger({ service: 'soak-observer', level: 'silent' });

/** Reads pipeline.events from the beginning (a view of its own): the truth a status answer is judged by. */
export async function followLifecycles(brokers: string, topics: TopicNames): Promise<LifecycleFollower> {
  const events = new Map<string, LifecycleEvent[]>();
  const kafka = createKafkaClient({ brokers, clientId: 'soak-observer', retries: 10 }, quiet);
  const view = await materialise(kafka, quiet, {
    name: 'soak-observer',
    groupIdPrefix: 'soak-observer-',
    topics: [topics.pipelineEvents],
    sessionTimeoutMs: 10_000,
    heartbeatIntervalMs: 1_000,
    apply: (record) => {
      const decoded = decodeJson(record, pipelineEventSchema);
      // Unreadable records are the services' own tests' concern; practice-wide events (a hold, a
      // release) name no consultation.
      if (!decoded.ok || decoded.value.consultationId === undefined) return;
      const { consultationId, type, code, version, at } = decoded.value;
      const list = events.get(consultationId) ?? [];
      list.push({ type, version, at, ...(code !== undefined ? { code } : {}) });
      events.set(consultationId, list);
    },
  });
  return { events, stop: () => view.stop() };
}
