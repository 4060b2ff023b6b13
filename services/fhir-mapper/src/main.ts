import { createKafkaClient, ensureTopics, kafkaSettingsFromEnv } from '@firstsync/kafka';
import { createLogger } from '@firstsync/logging';
import { manageProcess } from '@firstsync/service-lifecycle';
import { startServiceTracing } from '@firstsync/tracing';
import { buildFhirMapper } from './app';
import { loadFhirMapperConfig } from './config';

const config = loadFhirMapperConfig();
const logger = createLogger({ service: 'fhir-mapper', level: config.LOG_LEVEL });
const lifecycle = manageProcess(logger);
// Before anything is built: the HTTP app and Kafka clients add spans only when tracing is on.
await startServiceTracing('fhir-mapper', { lifecycle, logger });
const kafka = createKafkaClient(kafkaSettingsFromEnv(config, 'fhir-mapper'), logger);

await ensureTopics(kafka, logger, { prefix: config.KAFKA_TOPIC_PREFIX });
const service = buildFhirMapper({ config, logger, kafka });
await service.app.listen({ host: config.HOST, port: config.PORT });
lifecycle.onShutdown('http', () => service.app.close());
await service.start();
lifecycle.onShutdown('kafka', () => service.stop());
logger.info({ port: config.PORT }, 'fhir-mapper running');
