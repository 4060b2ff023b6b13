import { type Clock, CONSULTATION_MAX_BODY_BYTES, consultationWarningSchema, createConsultationSchema, problemSchema, systemClock } from '@firstsync/contracts';
import { registerHealthRoutes, registerMethodNotAllowed } from '@firstsync/http-app';
import { createRecordProducer, HEADER, type KafkaClient, kafkaReachable, type Materialised, materialise, resolveTopicNames } from '@firstsync/kafka';
import type { Logger } from '@firstsync/logging';
import { createServiceRegistry, observeProducer } from '@firstsync/metrics';
import { authenticate, createApiKeyVerifier } from '@firstsync/pharmacy-api-keys';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createConsultationAcceptor } from './accept/accept-consultation';
import { apiKeysOf, type IngestConfig, publicUrlOf } from './config';
import { rateLimit } from './http/authenticate';

import { createFastifyApp } from './http/fastify-app';
import { inFlightLimit } from './http/in-flight-limit';
import { registerOpenApi, type SchemaRegistry } from './http/openapi';
import { acceptedBodySchema, batchItemResultSchema, batchResponseSchema, consultationStatusSchema, timelineEntrySchema } from './http/schemas';
import { acceptedRecordFromEvent } from './idempotency/from-consultation-event';
import { firstOnPartition, ReadBackWaiters } from './idempotency/read-back';
import { createMemoryIdempotencyStore, type IdempotencyStore } from './idempotency/store';
import { withByteBudget } from './kafka/byte-budget';
import { cachedProbe } from './kafka/cached-probe';
import { createRateLimiter, instanceShare } from './rate-limit/token-bucket';
import { registerBatchRoute } from './routes/batch';
import { registerConsultationRoutes } from './routes/consultations';
import { freshnessTracker, sampleTopicEnds } from './status/freshness';
import { memoryStatusTimelines, type StatusTimelines } from './status/status-timelines';

// The producer now cuts its requests below message.max.bytes itself, so this budget no longer
// protects batch sizes; it stays as back-pressure: about one full produce request in flight plus
// the next one filling (the producer sends one at a time), so a slow broker makes sends wait here
// (and answer 503 after the send timeout) instead of piling record copies up in memory. It never
// binds at 32 concurrent single submissions (about 2.5 KB each), so it costs no throughput.
const PRODUCER_BYTE_BUDGET = 800 * 1024;

export interface IngestDeps {
  config: IngestConfig;
  logger: Logger;
  kafka: KafkaClient;
  clock?: Clock;
  /** Replaceable stores (e.g. a shared one when scaling out); in-memory by default. */
  idempotencyStore?: IdempotencyStore;
  /**
   * The status endpoint's timelines: a read store every instance shares (openStatusTimelines,
   * STATUS_STORE_URL; whoever opened it closes it), or bounded memory by default.
   */
  statusTimelines?: StatusTimelines;
}

export interface Ingest {
  readonly app: FastifyInstance;
  /** Connects the producer and rebuilds the stores from Kafka; resolves once POSTs can be decided. */
  start(): Promise<void>;
  /** Stops taking requests, finishes those in flight, stops the consumers, flushes the producer. */
  stop(): Promise<void>;
  /** Ready to accept consultations (producer connected, idempotency store rebuilt). */
  ready(): boolean;
}

export function buildIngest(deps: IngestDeps): Ingest {
  const { config, logger, kafka } = deps;
  const clock = deps.clock ?? systemClock;
  const topics = resolveTopicNames(config.KAFKA_TOPIC_PREFIX);
  const consultationSchema = createConsultationSchema({ now: () => clock.now() });
  const store = deps.idempotencyStore ?? createMemoryIdempotencyStore(config.INGEST_IDEMPOTENCY_MAX_ENTRIES);
  const timelines =
    deps.statusTimelines ??
    memoryStatusTimelines({ maxConsultations: config.INGEST_TIMELINE_MAX_CONSULTATIONS, maxEventsPerConsultation: config.INGEST_TIMELINE_MAX_EVENTS });
  const metrics = createServiceRegistry('ingest');
  const producer = observeProducer(
    metrics,
    createRecordProducer(kafka, logger, { lingerMs: config.INGEST_PRODUCER_LINGER_MS, sendTimeoutMs: config.INGEST_KAFKA_SEND_TIMEOUT_MS }),
    config.KAFKA_TOPIC_PREFIX,
  );
  const publicUrl = publicUrlOf(config);
  const statusUrl = (id: string) => `${publicUrl}/v1/consultations/${id}`;
  let idempotencyLoader: Materialised | undefined;
  const readBacks = new ReadBackWaiters();
  let timelineLoader: Materialised | undefined;
  // How current the status view is (asOf in every status answer; 503 when too far behind).
  const freshness = freshnessTracker();
  let freshnessSampler: { stop(): void } | undefined;

  const acceptor = createConsultationAcceptor({
    consultationSchema,
    producer: withByteBudget(producer, { maxOutstandingBytes: PRODUCER_BYTE_BUDGET, maxWaitMs: config.INGEST_KAFKA_SEND_TIMEOUT_MS }),
    store,
    timelines,
    topics,
    clock,
    logger,
    statusUrl,
    storeReady: () => idempotencyLoader?.caughtUp === true,
    readBack: { waiters: readBacks, timeoutMs: config.INGEST_KAFKA_SEND_TIMEOUT_MS },
  });

  // Named schemas become components of the OpenAPI document instead of being inlined everywhere.
  const registry: SchemaRegistry = z.registry<{ id?: string | undefined }>();
  registry.add(consultationSchema, { id: 'Consultation' });
  registry.add(consultationWarningSchema, { id: 'ConsultationWarning' });
  registry.add(problemSchema, { id: 'Problem' });
  registry.add(acceptedBodySchema, { id: 'ConsultationAccepted' });
  registry.add(consultationStatusSchema, { id: 'ConsultationStatus' });
  registry.add(timelineEntrySchema, { id: 'TimelineEntry' });
  registry.add(batchResponseSchema, { id: 'BatchResult' });
  registry.add(batchItemResultSchema, { id: 'BatchItemResult' });

  const app = createFastifyApp({
    logger,
    bodyLimit: CONSULTATION_MAX_BODY_BYTES,
    https: publicUrl.startsWith('https:'),
    // Built field by field by the acceptor (accept-consultation.ts acceptedBody).
    trustedResponseSchemas: [acceptedBodySchema],
    metrics,
  });
  const kafkaUp = cachedProbe(() => kafkaReachable(kafka), { ttlMs: 2_000, timeoutMs: 2_000 });

  // Order matters: the OpenAPI plugin must be loaded before the routes it documents.
  registerOpenApi(app, registry);
  void app.register(async (scope) => {
    registerHealthRoutes(scope, {
      kafka: async () => producer.connected && (await kafkaUp()),
      idempotency: () => idempotencyLoader?.caughtUp === true,
    });
  });
  void app.register(async (api) => {
    const verifier = createApiKeyVerifier(apiKeysOf(config));
    const systemRate = { capacity: config.INGEST_RATE_LIMIT_BURST, refillPerSecond: config.INGEST_RATE_LIMIT_PER_SECOND };
    const limiter = createRateLimiter(instanceShare(systemRate, config.INGEST_INSTANCES), () => clock.now().getTime());
    api.addHook('onRequest', inFlightLimit(config.INGEST_MAX_IN_FLIGHT));
    api.addHook('onRequest', authenticate(verifier, 'firstsync-ingest'));
    api.addHook('onRequest', rateLimit(limiter));
    registerConsultationRoutes(api, {
      consultationSchema,
      acceptor,
      store,
      timelines,
      statusUrl,
      asOf: () => freshness.asOf(),
      maxLagMs: config.INGEST_STATUS_MAX_LAG_MS,
      clock,
    });
    registerBatchRoute(api, {
      consultationSchema,
      acceptor,
      batchBodyLimit: config.INGEST_BATCH_MAX_BODY_BYTES,
      itemMaxBytes: CONSULTATION_MAX_BODY_BYTES,
      limiter,
    });
  });
  void app.register(async (scope) => {
    registerMethodNotAllowed(scope, '/v1/consultations', ['POST']);
    registerMethodNotAllowed(scope, '/v1/consultations/batch', ['POST']);
    registerMethodNotAllowed(scope, '/v1/consultations/:id', ['GET']);
  });

  let stopping: Promise<void> | undefined;
  const sessionTimeouts = { sessionTimeoutMs: config.INGEST_CONSUMER_SESSION_TIMEOUT_MS, heartbeatIntervalMs: config.INGEST_CONSUMER_HEARTBEAT_MS };

  return {
    app,
    ready: () => producer.connected && idempotencyLoader?.caughtUp === true,
    async start() {
      await producer.connect();
      // Both views join their consumer groups at the same time: a join takes seconds, and they are independent.
      const followAskedMs = clock.now().getTime();
      const started = await Promise.allSettled([
        materialise(kafka, logger, {
          name: 'idempotency-rebuild',
          groupIdPrefix: 'ingest.idempotency-rebuild.',
          topics: [topics.consultations],
          ...sessionTimeouts,
          apply: (record) => {
            // An instance's own publish is judged here, against the state just before its record.
            const acceptanceId = record.headers[HEADER.acceptanceId];
            if (readBacks.awaits(acceptanceId)) readBacks.observe(acceptanceId, record.key === null ? undefined : store.get(record.key));
            const accepted = acceptedRecordFromEvent(record.value, (id, version) => store.knows(id, version));
            if (accepted && firstOnPartition(store.get(accepted.consultationId), accepted)) store.record(accepted);
          },
        }),
        timelines.follow(kafka, logger, {
          topic: topics.pipelineEvents,
          ...sessionTimeouts,
          onApplied: (partition, offset) => freshness.applied(partition, offset),
        }),
      ]);
      const failed = started.find((result) => result.status === 'rejected');
      if (failed) {
        // Do not leave the view that did start consuming in the background of a failed start.
        await Promise.all(started.map((result) => (result.status === 'fulfilled' ? result.value.stop() : undefined)));
        throw failed.reason;
      }
      const [idempotency, timeline] = started.map((result) => (result as PromiseFulfilledResult<Materialised>).value);
      if (!idempotency || !timeline) throw new Error('materialisers did not start');
      idempotencyLoader = idempotency;
      timelineLoader = timeline;
      // The status view read to where the topic ended when it started: current as of then.
      void timeline.reached.then(() => freshness.reached(followAskedMs));
      freshnessSampler = sampleTopicEnds(kafka, logger, freshness, {
        topic: topics.pipelineEvents,
        intervalMs: config.INGEST_STATUS_FRESHNESS_INTERVAL_MS,
        maxLagMs: config.INGEST_STATUS_MAX_LAG_MS,
        clock,
      });
      await app.ready();
      await idempotency.reached;
      logger.info({ remembered: store.size }, 'ingest ready: idempotency store rebuilt from Kafka');
    },
    stop() {
      stopping ??= (async () => {
        await app.close();
        freshnessSampler?.stop();
        await Promise.all([idempotencyLoader?.stop(), timelineLoader?.stop()]);
        await producer.disconnect();
      })();
      return stopping;
    },
  };
}
