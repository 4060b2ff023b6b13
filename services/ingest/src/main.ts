import { instanceListenFromEnv, listenService } from '@firstsync/http-app';
import { createKafkaClient, ensureTopics, kafkaSettingsFromEnv } from '@firstsync/kafka';
import { createLogger } from '@firstsync/logging';
import { warnIfDemoApiKey } from '@firstsync/pharmacy-api-keys';
import { manageProcess } from '@firstsync/service-lifecycle';
import { startServiceTracing } from '@firstsync/tracing';
import { buildIngest } from './app';
import { loadIngestConfig } from './config';
import { openStatusTimelines } from './status/open-status-timelines';

// Process wiring only: configuration, Kafka topics, HTTP listener, orderly shutdown.
const config = loadIngestConfig();
const logger = createLogger({ service: 'ingest', level: config.LOG_LEVEL });
const lifecycle = manageProcess(logger);
// Before anything is built: the HTTP app and Kafka clients add spans only when tracing is on.
await startServiceTracing('ingest', { lifecycle, logger });

warnIfDemoApiKey(config, logger);

const kafka = createKafkaClient(kafkaSettingsFromEnv(config, 'ingest'), logger);
await ensureTopics(kafka, logger, { prefix: config.KAFKA_TOPIC_PREFIX });

// The status endpoint's timelines: a read store shared by every instance (STATUS_STORE_URL), else memory.
const statusTimelines = await openStatusTimelines(config);
lifecycle.onShutdown('status-store', () => statusTimelines.close()); // after the consumers have stopped
logger.info(
  { statusStore: statusTimelines.kind, schema: statusTimelines.kind === 'memory' ? undefined : config.STATUS_STORE_SCHEMA },
  'status timelines opened',
);

const ingest = buildIngest({ config, logger, kafka, statusTimelines });
// Steps run in reverse order on SIGTERM: close HTTP first (finishing requests in flight), then the
// consumers and the producer flush.
lifecycle.onShutdown('kafka', () => ingest.stop());
lifecycle.onShutdown('http', () => ingest.app.close());

// Listen before the stores are rebuilt so liveness answers at once; readiness (and POSTs, 503)
// wait until the idempotency store has been rebuilt from Kafka.
// Replicas share the public port (REUSE_PORT) and each answers health checks on its own INSTANCE_PORT.
await listenService(ingest.app, { host: config.HOST, port: config.PORT, ...instanceListenFromEnv(process.env) });
await ingest.start();
