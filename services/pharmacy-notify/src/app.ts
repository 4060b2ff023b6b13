import { randomUUID } from 'node:crypto';
import { pharmacyEventSchema, problemSchema, webhookAttemptSchema } from '@firstsync/contracts';
import { type ReadinessCheck, registerHealthRoutes } from '@firstsync/http-app';
import { createRecordConsumer, createRecordProducer, type KafkaClient, resolveTopicNames } from '@firstsync/kafka';
import type { Logger } from '@firstsync/logging';
import { consumerLagMetrics, createServiceRegistry, observeProducer, type Registry, webhookMetrics } from '@firstsync/metrics';
import { type ApiKeyEntry, apiKeysOf, createApiKeyVerifier } from '@firstsync/pharmacy-api-keys';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type PharmacyNotifyConfig, retryScheduleOf, targetPolicyOf, webhookSecretKeyOf } from './config';
import { DISPATCH_DEFAULTS, type DispatchConfig } from './dispatch/config';
import { createDispatcher } from './dispatch/dispatcher';
import { createProjector } from './handlers/project-pipeline-events';
import { createFastifyApp } from './http/fastify-app';
import { registerOpenApi, type SchemaRegistry } from './http/openapi';
import { PHARMACY_EVENT_COMPONENT } from './http/openapi-webhooks';
import { createdEndpointSchema, endpointSchema, eventPageSchema, secretSchema } from './http/schemas';
import { createKafkaStores, type KafkaStores } from './registry/kafka-stores';
import { type PharmacyApiDeps, registerPharmacyApi } from './routes';

export interface PharmacyNotifyDeps {
  readonly config: PharmacyNotifyConfig;
  readonly logger: Logger;
  readonly kafka: KafkaClient;
  readonly now?: () => Date;
  readonly random?: () => number;
}

export interface PharmacyNotifyService {
  readonly app: FastifyInstance;
  /** The views of the three topics (tests read them). */
  readonly stores: KafkaStores;
  /** Connects, reads the views to their end, then starts the projector and the dispatcher. */
  start(): Promise<void>;
  /** Ends long polls, closes HTTP, stops delivery and the projector, then the views and the producer. */
  stop(): Promise<void>;
  /** The API answers from complete views. */
  ready(): boolean;
}

/** The HTTP side: the pharmacy API, its OpenAPI document and health. Kafka-free, so tests and the contract generator build it alone. */
export function buildPharmacyApiApp(
  logger: Logger,
  api: PharmacyApiDeps,
  apiKeys: readonly ApiKeyEntry[],
  health: Record<string, ReadinessCheck>,
  metrics?: Registry,
): FastifyInstance {
  const app = createFastifyApp(logger, metrics);
  // Named schemas become components of the OpenAPI document instead of being inlined everywhere.
  const registry: SchemaRegistry = z.registry<{ id?: string | undefined }>();
  registry.add(pharmacyEventSchema, { id: PHARMACY_EVENT_COMPONENT });
  registry.add(problemSchema, { id: 'Problem' });
  registry.add(endpointSchema, { id: 'WebhookEndpoint' });
  registry.add(createdEndpointSchema, { id: 'WebhookEndpointCreated' });
  registry.add(secretSchema, { id: 'WebhookSecret' });
  registry.add(webhookAttemptSchema, { id: 'WebhookAttempt' });
  registry.add(eventPageSchema, { id: 'EventPage' });
  // Order matters: the OpenAPI plugin must be loaded before the routes it documents.
  registerOpenApi(app, registry);
  void app.register(async (scope) => registerHealthRoutes(scope, health));
  registerPharmacyApi(app, api, createApiKeyVerifier(apiKeys));
  return app;
}

export function dispatchConfigOf(config: PharmacyNotifyConfig): DispatchConfig {
  return {
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    retryScheduleMs: retryScheduleOf(config),
    maxConcurrent: config.WEBHOOK_MAX_CONCURRENT,
    maxResponseBytes: DISPATCH_DEFAULTS.maxResponseBytes,
    urlPolicy: targetPolicyOf(config),
    secretKey: webhookSecretKeyOf(config),
    userAgent: DISPATCH_DEFAULTS.userAgent,
  };
}

export function buildPharmacyNotify({ config, logger, kafka, now = () => new Date(), random }: PharmacyNotifyDeps): PharmacyNotifyService {
  const topics = resolveTopicNames(config.KAFKA_TOPIC_PREFIX);
  const groupIdPrefix = config.KAFKA_TOPIC_PREFIX;
  const metrics = createServiceRegistry('pharmacy-notify');
  const producer = observeProducer(metrics, createRecordProducer(kafka, logger), config.KAFKA_TOPIC_PREFIX);
  const lag = consumerLagMetrics(metrics, kafka, config.KAFKA_TOPIC_PREFIX, logger);
  const stores = createKafkaStores({
    kafka,
    logger,
    topics,
    producer,
    feedMaxEventsPerPharmacy: config.FEED_MAX_EVENTS_PER_PHARMACY,
    feedMaxEvents: config.FEED_MAX_EVENTS,
    groupIdPrefix,
  });
  const session = { sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS, heartbeatIntervalMs: config.KAFKA_HEARTBEAT_INTERVAL_MS };
  const projector = createProjector({
    kafka,
    logger,
    topics,
    groupIdPrefix,
    session,
    maxConsultations: config.PROJECTOR_MAX_CONSULTATIONS,
    createConsumer: (options) => lag.observe((o) => createRecordConsumer(kafka, logger, o), options),
  });
  const observer = webhookMetrics(metrics, () => {
    const live = stores.registry.all().filter((endpoint) => !endpoint.deleted);
    const disabled = live.filter((endpoint) => endpoint.status === 'disabled').length;
    return { enabled: live.length - disabled, disabled };
  });
  const dispatcher = createDispatcher({
    kafka,
    logger,
    topics,
    feed: stores.feed,
    endpoints: stores.registry,
    attempts: stores.attempts,
    config: dispatchConfigOf(config),
    groupIdPrefix,
    session,
    now,
    ...(random === undefined ? {} : { random }),
    observer,
  });
  const closing = new AbortController();
  const ready = () => producer.connected && stores.caughtUp;

  const app = buildPharmacyApiApp(
    logger,
    {
      registry: stores.registry,
      attempts: stores.attempts,
      feed: stores.feed,
      policy: targetPolicyOf(config),
      secretKey: webhookSecretKeyOf(config),
      feedEnd: () => stores.feedEnd(),
      ready,
      now,
      newId: randomUUID,
      closing: closing.signal,
    },
    apiKeysOf(config),
    { kafka: () => producer.connected, views: () => stores.caughtUp },
    metrics,
  );
  // Long polls end at once on shutdown (answered with what there is) instead of holding close() up to 30 s.
  app.addHook('preClose', (done) => {
    closing.abort();
    done();
  });

  let stopping: Promise<void> | undefined;
  return {
    app,
    stores,
    ready,
    async start() {
      await producer.connect();
      await stores.start();
      await app.ready();
      // Delivery needs the registry and the feed read to their end; the projector is independent of both.
      await Promise.all([projector.start(), dispatcher.start()]);
      logger.info({ endpoints: stores.registry.all().length }, 'pharmacy-notify ready');
    },
    stop() {
      stopping ??= (async () => {
        await app.close();
        await Promise.all([dispatcher.stop(), projector.stop()]);
        await stores.stop();
        await producer.disconnect();
      })();
      return stopping;
    },
  };
}
