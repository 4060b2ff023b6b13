import { getHeapStatistics } from 'node:v8';
import { createKafkaClient, ensureTopics, kafkaSettingsFromEnv } from '@firstsync/kafka';
import { createLogger } from '@firstsync/logging';
import { warnIfDemoApiKey } from '@firstsync/pharmacy-api-keys';
import { manageProcess } from '@firstsync/service-lifecycle';
import { startServiceTracing } from '@firstsync/tracing';
import { buildPharmacyNotify } from './app';
import { heapNeededMb, isDevelopmentSecretKey, loadPharmacyNotifyConfig } from './config';

// Process wiring only: configuration, Kafka topics, HTTP listener, orderly shutdown.
const config = loadPharmacyNotifyConfig();
const logger = createLogger({ service: 'pharmacy-notify', level: config.LOG_LEVEL });
const lifecycle = manageProcess(logger);
// Before anything is built: the HTTP app and Kafka clients add spans only when tracing is on.
await startServiceTracing('pharmacy-notify', { lifecycle, logger });

warnIfDemoApiKey(config, logger);
if (isDevelopmentSecretKey(config)) {
  logger.warn('WEBHOOK_SECRET_KEY is not set: webhook secrets are encrypted with the public development key; never run like this in production');
}

const heapLimitMb = Math.round(getHeapStatistics().heap_size_limit / 1_000_000);
const needed = heapNeededMb(config);
if (needed > heapLimitMb) {
  logger.warn(
    { heapNeededMb: needed, heapLimitMb, FEED_MAX_EVENTS: config.FEED_MAX_EVENTS, PROJECTOR_MAX_CONSULTATIONS: config.PROJECTOR_MAX_CONSULTATIONS },
    'the in-memory bounds need more heap than the limit: lower FEED_MAX_EVENTS / PROJECTOR_MAX_CONSULTATIONS or raise --max-old-space-size',
  );
}

const kafka = createKafkaClient(kafkaSettingsFromEnv(config, 'pharmacy-notify'), logger);
await ensureTopics(kafka, logger, { prefix: config.KAFKA_TOPIC_PREFIX });

const service = buildPharmacyNotify({ config, logger, kafka });
// Steps run in reverse order on SIGTERM: HTTP (ending long polls), then delivery, the views and the producer.
lifecycle.onShutdown('kafka', () => service.stop());
lifecycle.onShutdown('http', () => service.app.close());

// Listen first so liveness answers at once; the API answers 503 until the views have caught up.
await service.app.listen({ host: config.HOST, port: config.PORT });
await service.start();
