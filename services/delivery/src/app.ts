import { tmpdir } from 'node:os';
import { type Clock, systemClock } from '@firstsync/contracts';
import { createHttpApp, registerHealthRoutes } from '@firstsync/http-app';
import {
  type BatchHandler,
  type ConsumerOptions,
  createRecordConsumer,
  createRecordProducer,
  type IncomingRecord,
  type KafkaClient,
  pipelineEventRecord,
  RETRY_TIERS,
  type RecordConsumer,
  resolveTopicNames,
  retryTierKey,
} from '@firstsync/kafka';
import type { Logger } from '@firstsync/logging';
import { breakerMetrics, consumerLagMetrics, createServiceRegistry, fallbackMailMetrics, observeProducer } from '@firstsync/metrics';
import type { FastifyInstance } from 'fastify';
import type { DeliveryConfig } from './config';
import { createDeliveryEngine, type TierTopic } from './engine/delivery-engine';
import { heldSinceOf } from './engine/delivery-work';
import { PracticeRegistry } from './engine/practice-registry';
import { rerouteParked } from './engine/reroute';
import { afterReady } from './handlers/after-ready';
import { WorkTracker } from './handlers/batch-runner';
import { commandBatchHandler } from './handlers/command-consumer';
import { deliveryBatchHandler, retryTierBatchHandler } from './handlers/delivery-consumers';
import { createFallbackWorker } from './handlers/fallback-worker';
import { bankHolidaysKnownFor } from './policy/bank-holidays';
import { directoryFromConfig } from './routing/directory-config';
import { FileBodyStore } from './state/body-store';
import { catchUpPatiently } from './state/catch-up-patiently';
import { InMemoryHoldRegistry } from './state/hold-registry';
import { InMemoryMessageIndex } from './state/message-index';
import { RouteMemory } from './state/route-memory';
import { createStateTailer } from './state/state-tailer';
import { createFhirRestTransport } from './transport/fhir-rest/fhir-rest-transport';
import { ackTimeoutsFromEnv, createInboxCoordination, createMeshDelivery, pipelineReplay } from './transport/mesh';
import { createNhsmailTransport, nhsmailOptionsFromEnv } from './transport/nhsmail';
import type { Transport, TransportKind } from './transport/port';

export interface DeliveryDeps {
  config: DeliveryConfig;
  logger: Logger;
  kafka: KafkaClient;
  /** Transport adapters; unless given: FHIR REST, plus MESH when MESH_URL is set and NHSmail when NHSMAIL_SMTP_HOST is set. */
  transports?: readonly Transport[];
  clock?: Clock;
  /** Jitter source of the retry schedule (tests may fix it). */
  random?: () => number;
}

export interface DeliveryService {
  /** Health and readiness only (port 8083 by default). */
  readonly app: FastifyInstance;
  start(): Promise<void>;
  /** Stops taking work (the HTTP app is closed by whoever listens on it), lets in-flight calls finish (SHUTDOWN_GRACE_MS), records their outcomes, leaves the groups. */
  stop(): Promise<void>;
}

/**
 * The delivery service: the main path (gp-messages), the retry tiers and operator commands, each a
 * consumer group of its own so that a slow tier or a long command never holds the main path.
 */
export function buildDelivery({ config, logger, kafka, transports, clock = systemClock, random }: DeliveryDeps): DeliveryService {
  const topics = resolveTopicNames(config.KAFKA_TOPIC_PREFIX);
  const groupId = config.KAFKA_GROUP_ID ?? `${config.KAFKA_TOPIC_PREFIX}delivery`;
  const session = { sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS, heartbeatIntervalMs: config.KAFKA_HEARTBEAT_INTERVAL_MS };
  const directory = directoryFromConfig(config);
  const tiers: TierTopic[] = RETRY_TIERS.map((tier, i) => ({
    id: tier.id,
    topic: topics[retryTierKey(tier.id)],
    delayMs: config.RETRY_DELAYS_MS[i] ?? tier.delayMs,
  }));

  const metrics = createServiceRegistry('delivery');
  const producer = observeProducer(metrics, createRecordProducer(kafka, logger), config.KAFKA_TOPIC_PREFIX);
  const lag = consumerLagMetrics(metrics, kafka, config.KAFKA_TOPIC_PREFIX, logger);
  const observedConsumer = (options: ConsumerOptions): RecordConsumer => lag.observe((o) => createRecordConsumer(kafka, logger, o), options);
  // MESH (when MESH_URL is set): its inbox poller records ITK3 acks and MESH reports as pipeline
  // events, and rebuilds what it still awaits from those events at start.
  const mesh = transports
    ? null
    : createMeshDelivery({
        env: config,
        logger,
        clock,
        publish: async (events) => {
          await producer.send(events.map((event) => pipelineEventRecord(topics, event)));
        },
        // Replicas share the mailbox: one owner polls it (MESH_INBOX_OWNERSHIP, acks/inbox-ownership.ts).
        ...(config.MESH_INBOX_OWNERSHIP === 'group'
          ? {
              coordination: createInboxCoordination({
                kafka,
                logger,
                topics,
                groupId,
                session,
                timeouts: ackTimeoutsFromEnv(config),
                catchUpTimeoutMs: config.STATE_CATCH_UP_TIMEOUT_MS,
                unmatchedGraceMs: config.MESH_UNMATCHED_GRACE_MS,
              }),
            }
          : {
              replay: pipelineReplay({
                kafka,
                logger,
                topic: topics.pipelineEvents,
                timeouts: ackTimeoutsFromEnv(config),
                groupIdPrefix: groupId,
                ...session,
                timeoutMs: config.STATE_CATCH_UP_TIMEOUT_MS,
              }),
            }),
        metrics,
      });
  // NHSmail (when NHSMAIL_SMTP_HOST is set): a route of its own and the fallback for needs-fallback dead letters.
  const nhsmailOptions = nhsmailOptionsFromEnv(config);
  const nhsmail = nhsmailOptions ? createNhsmailTransport(nhsmailOptions) : null;
  const adapters = transports ?? [
    createFhirRestTransport({ requestTimeoutMs: config.FHIR_REQUEST_TIMEOUT_MS }),
    ...(mesh ? [mesh.transport] : []),
    ...(nhsmail ? [nhsmail] : []),
  ];
  const transportMap = new Map<TransportKind, Transport>(adapters.map((transport) => [transport.kind, transport]));
  const fallback = nhsmail
    ? createFallbackWorker({
        kafka,
        logger,
        topics,
        directory,
        transport: nhsmail,
        producer,
        groupId: `${groupId}-fallback`,
        ...session,
        retryDelayMs: 30_000,
        clock,
        onSendFailed: fallbackMailMetrics(metrics),
        createConsumer: observedConsumer,
      })
    : null;
  const spillDir = config.INDEX_SPILL_DIR ?? tmpdir();
  const index = new InMemoryMessageIndex(new FileBodyStore(spillDir), { newStore: () => new FileBodyStore(spillDir) });
  const holds = new InMemoryHoldRegistry();
  const routes = new RouteMemory();
  const tailer = createStateTailer({ kafka, logger, topics, index, holds, routes, groupIdPrefix: groupId, ...session });
  const tracker = new WorkTracker();
  const practices = new PracticeRegistry({ failureThreshold: config.BREAKER_FAILURE_THRESHOLD, coolDownMs: config.BREAKER_COOL_DOWN_MS });
  breakerMetrics(metrics, () => practices.countByStatus());
  // A practice back on its feet: the retry tiers paused until a due time look again at once.
  practices.onClosed((practiceOds) => {
    logger.info({ practiceOds }, 'circuit closed for practice; held-back messages released');
    tracker.wake();
  });
  const releasedEarly = (record: IncomingRecord): boolean => {
    const since = heldSinceOf(record);
    return since !== null && record.key !== null && practices.recoveredSince(record.key, since);
  };
  const abort = new AbortController();

  const engine = createDeliveryEngine({
    topics,
    tiers,
    policy: { maxAttempts: config.RETRY_MAX_ATTEMPTS, jitterRatio: config.RETRY_JITTER_RATIO, fallbackMarginMs: config.FALLBACK_MARGIN_MS },
    directory,
    transports: transportMap,
    holds,
    practices,
    index,
    clock,
    closeOfDay: config.NOTIFICATION_CLOSE_OF_DAY,
    defaultConcurrency: config.PRACTICE_CONCURRENCY,
    signal: abort.signal,
    logger,
    ...(random ? { random } : {}),
    meshRouting: { memory: routes, switchedOffFallbackMs: config.ROUTE_SWITCHED_OFF_FALLBACK_MS, ...(mesh ? { lookup: mesh.endpoints } : {}) },
  });
  const runner = { producer, logger, tracker, waitBudgetMs: config.BATCH_WAIT_BUDGET_MS, failureBackoffMs: 1_000 };

  const consumerOptions = {
    fromBeginning: true,
    partitionsConsumedConcurrently: config.PARTITIONS_CONCURRENCY,
    maxBytesPerPartition: config.FETCH_BYTES_PER_PARTITION,
    ...session,
  };
  const main: RecordConsumer = observedConsumer({ ...consumerOptions, groupId, topics: [topics.gpMessages] });
  const retries: RecordConsumer = observedConsumer({
    ...consumerOptions,
    groupId: `${groupId}-retry`,
    topics: tiers.map((tier) => tier.topic),
  });
  const commands: RecordConsumer = observedConsumer({
    ...session,
    fromBeginning: true,
    groupId: `${groupId}-commands`,
    topics: [topics.opsCommands],
  });

  const app = createHttpApp({ logger, metrics });
  registerHealthRoutes(app, {
    producer: () => producer.connected,
    state: () => tailer.controlCaughtUpOnce,
    consumers: () => main.running && retries.running && commands.running,
  });

  let started = false;
  // Stop asked for: ends a start-up still in progress (see handlers/after-ready.ts) as well as the work.
  const stopping = new AbortController();
  let ready: Promise<void> = Promise.resolve();

  return {
    app,
    async start() {
      const year = clock.now().getUTCFullYear();
      for (const y of [year, year + 1])
        if (!bankHolidaysKnownFor(y)) logger.warn({ year: y }, 'no England bank holidays known for this year: deadlines count it as all working days');
      await producer.connect();
      if (stopping.signal.aborted) return;
      // Consumer groups take seconds to join (the broker's initial rebalance delay), so all four
      // join at once; the work handlers wait until the state they use is rebuilt (below).
      const tailing = tailer.start();
      // The delivery path needs only the holds and learnt routes (small); not ready until they are
      // rebuilt, however long that takes (see catchUpPatiently).
      const controlReady = (async () => {
        await tailing;
        await catchUpPatiently(
          (timeoutMs) => tailer.catchUpControl(timeoutMs),
          config.STATE_CATCH_UP_TIMEOUT_MS,
          (waitedMs) => logger.warn({ waitedMs }, 'delivery holds and routes not rebuilt yet; still catching up (not ready meanwhile)'),
          stopping.signal,
        );
      })();
      // Commands, acknowledgements and reroutes need every message's latest version (the index).
      ready = (async () => {
        await tailing;
        const caughtUp = await catchUpPatiently(
          (timeoutMs) => tailer.catchUp(timeoutMs),
          config.STATE_CATCH_UP_TIMEOUT_MS,
          (waitedMs) => logger.warn({ waitedMs }, 'delivery message index not rebuilt yet; still catching up (commands and acknowledgements wait)'),
          stopping.signal,
        );
        if (!caughtUp) return;
        const rerouted = rerouteParked(index.parked(), directory, holds, new Set(transportMap.keys()), topics);
        if (rerouted.length > 0) {
          await producer.send(rerouted);
          logger.info({ messages: rerouted.length }, 'parked messages that now have a route were put back on the delivery path');
        }
        for (const transport of adapters) {
          if (stopping.signal.aborted) return;
          await transport.acknowledgements?.start(async (ack) => {
            await producer.send(engine.acknowledged(ack));
          });
        }
        if (!stopping.signal.aborted) await fallback?.start();
      })();
      const whenRebuilt = (handler: BatchHandler): BatchHandler => afterReady(handler, ready, stopping.signal);
      const whenControlled = (handler: BatchHandler): BatchHandler => afterReady(handler, controlReady, stopping.signal);
      started = true;
      await Promise.all([
        controlReady,
        ready,
        main.start(whenControlled(deliveryBatchHandler(engine, runner))),
        retries.start(whenControlled(retryTierBatchHandler(engine, runner, clock, releasedEarly))),
        commands.start(
          whenRebuilt(
            commandBatchHandler({
              topics,
              index,
              holds,
              tailer,
              producer,
              clock,
              logger,
              maxAgeMs: config.COMMAND_MAX_AGE_MS,
              catchUpTimeoutMs: config.STATE_CATCH_UP_TIMEOUT_MS,
            }),
          ),
        ),
      ]);
      logger.info(
        {
          practices: Object.keys(directory.practices).length,
          defaultRoute: directory.default?.transport ?? 'park',
          transports: [...transportMap.keys()],
          retryDelaysMs: tiers.map((t) => t.delayMs),
        },
        'delivery started',
      );
    },
    async stop() {
      stopping.abort();
      tracker.stopping = true;
      if (started) {
        // In-flight calls get their grace period; what is still running then is aborted, which
        // ends it as a retryable failure that is itself written to a retry tier.
        const grace = new Promise<void>((resolve) => setTimeout(resolve, config.SHUTDOWN_GRACE_MS).unref());
        await Promise.race([tracker.idle(), grace]);
        abort.abort();
        await tracker.idle();
      }
      tracker.cancelTimers();
      await Promise.allSettled([main.stop(), retries.stop(), commands.stop()]);
      // A start-up step in progress (an acknowledgement source starting) ends before what it started is stopped.
      await ready.catch(() => undefined);
      for (const transport of adapters)
        await transport.acknowledgements
          ?.stop()
          .catch((err: unknown) => logger.warn({ err, transport: transport.kind }, 'acknowledgement source did not stop cleanly'));
      await fallback?.stop();
      await tailer.stop();
      index.close();
      await producer.disconnect();
      for (const transport of adapters) await transport.close?.();
    },
  };
}
