import { createKafkaClient, ensureTopics, kafkaSettingsFromEnv } from '@firstsync/kafka';
import { createLogger } from '@firstsync/logging';
import { manageProcess } from '@firstsync/service-lifecycle';
import { startServiceTracing } from '@firstsync/tracing';
import { buildDelivery } from './app';
import { loadDeliveryConfig } from './config';

const config = loadDeliveryConfig();
const logger = createLogger({ service: 'delivery', level: config.LOG_LEVEL });
const lifecycle = manageProcess(logger, { graceMs: config.SHUTDOWN_GRACE_MS + 15_000 });
// Before anything is built: the HTTP app and Kafka clients add spans only when tracing is on.
await startServiceTracing('delivery', { lifecycle, logger });
const kafka = createKafkaClient(kafkaSettingsFromEnv(config, 'delivery'), logger);

await ensureTopics(kafka, logger, { prefix: config.KAFKA_TOPIC_PREFIX });
const service = buildDelivery({ config, logger, kafka });
await service.app.listen({ host: config.HOST, port: config.PORT });
lifecycle.onShutdown('http', () => service.app.close());
lifecycle.onShutdown('delivery', () => service.stop());
await service.start();
logger.info({ port: config.PORT }, 'delivery running');
