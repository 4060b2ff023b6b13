import { webhookAttemptSchema, webhookEndpointEventSchema } from '@firstsync/contracts';
import { decodeJson, type IncomingRecord, type KafkaClient, type Materialised, materialise, type TopicNames } from '@firstsync/kafka';
import type { Logger } from '@firstsync/logging';
import type { WebhookView } from '../webhooks/webhook-view';
import type { EventFeed } from './event-feed';

export interface WebhookFeedDeps {
  kafka: KafkaClient;
  logger: Logger;
  topics: Pick<TopicNames, 'pharmacyWebhookEndpoints' | 'pharmacyWebhookAttempts'>;
  view: WebhookView;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
}

/** Feeds the Webhooks page from the beginning of the endpoint registry and attempts topics at every start. */
export function createWebhookFeed(deps: WebhookFeedDeps): EventFeed {
  const { logger, topics, view } = deps;
  function handle(record: IncomingRecord): void {
    const where = { topic: record.topic, partition: record.partition, offset: record.offset };
    if (record.topic === topics.pharmacyWebhookEndpoints) {
      const event = decodeJson(record, webhookEndpointEventSchema);
      if (event.ok) view.applyEndpointEvent(event.value);
      else logger.warn(where, 'invalid webhook endpoint event; ignored');
      return;
    }
    const attempt = decodeJson(record, webhookAttemptSchema);
    if (attempt.ok) view.applyAttempt(attempt.value);
    else logger.warn(where, 'invalid webhook attempt; ignored');
  }

  let materialised: Materialised | undefined;
  return {
    get running() {
      return materialised?.running ?? false;
    },
    async start() {
      materialised = await materialise(deps.kafka, logger, {
        name: 'dashboard-webhooks',
        groupIdPrefix: 'dashboard-webhooks-',
        topics: [topics.pharmacyWebhookEndpoints, topics.pharmacyWebhookAttempts],
        sessionTimeoutMs: deps.sessionTimeoutMs ?? 30_000,
        heartbeatIntervalMs: deps.heartbeatIntervalMs ?? 3_000,
        apply: handle,
      });
    },
    stop: async () => {
      await materialised?.stop();
    },
  };
}
