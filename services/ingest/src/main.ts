import { instanceListenFromEnv, listenService } from '@firstsync/http-app';
import { createKafkaClient, ensureTopics, kafkaSettingsFromEnv } from '@firstsync/kafka';
import { createLogger } from '@firstsync/logging';
import { DEMO_API_KEY, DEMO_PHARMACY_ODS } from '@firstsync/pharmacy-api-keys';
import { manageProcess } from '@firstsync/service-lifecycle';
import { startTracingFromEnv } from '@firstsync/tracing';
import { buildIngest } from './app';
import { loadIngestConfig } from './config';

// Process wiring only: configuration, Kafka topics, HTTP listener, orderly shutdown.
const config = loadIngestConfig();
const logger = createLogger({ service: 'ingest', level: config.LOG_LEVEL });
const lifecycle = manageProcess(logger);
// Before anything is built: the HTTP app and Kafka clients add spans only when tracing is on.
const tracing = startTracingFromEnv(process.env, 'ingest');
if (tracing) {
  lifecycle.onShutdown('tracing', () => tracing.stop()); // registered first, so it flushes last
  logger.info('OpenTelemetry tracing on');
}

if (config.INGEST_API_KEYS === undefined) {
  // The key itself is documented for local use; it is named here so nobody ships it unknowingly.
  logger.warn(
    { pharmacyOds: DEMO_PHARMACY_ODS, keyLength: DEMO_API_KEY.length },
    'INGEST_API_KEYS is not set: only the documented demo API key is accepted; never run like this in production',
  );
}

const kafka = createKafkaClient(kafkaSettingsFromEnv(config, 'ingest'), logger);
await ensureTopics(kafka, logger, { prefix: config.KAFKA_TOPIC_PREFIX });

const ingest = buildIngest({ config, logger, kafka });
// Steps run in reverse order on SIGTERM: close HTTP first (finishing requests in flight), then the
// consumers and the producer flush.
lifecycle.onShutdown('kafka', () => ingest.stop());
lifecycle.onShutdown('http', () => ingest.app.close());

// Listen before the stores are rebuilt so liveness answers at once; readiness (and POSTs, 503)
// wait until the idempotency store has been rebuilt from Kafka.
// Replicas share the public port (REUSE_PORT) and each answers health checks on its own INSTANCE_PORT.
await listenService(ingest.app, { host: config.HOST, port: config.PORT, ...instanceListenFromEnv(process.env) });
await ingest.start();
