import { createKafkaClient, ensureTopics, kafkaSettingsFromEnv } from '@firstsync/kafka';
import { createLogger } from '@firstsync/logging';
import { manageProcess } from '@firstsync/service-lifecycle';
import { buildOutcomes } from './app';
import { loadOutcomesConfig } from './config';

// Process wiring only. No OpenTelemetry here, on purpose: a traceparent on a fact would tie it to
// the consultation's trace, and so back to the patient topics.
const config = loadOutcomesConfig();
const logger = createLogger({ service: 'outcomes', level: config.LOG_LEVEL });
const lifecycle = manageProcess(logger);
if (config.OUTCOMES_FACT_KEY_SECRET === undefined) {
  logger.warn('OUTCOMES_FACT_KEY_SECRET is not set: fact keys use the public development key; never run like this in production');
}
const kafka = createKafkaClient(kafkaSettingsFromEnv(config, 'outcomes'), logger);

await ensureTopics(kafka, logger, { prefix: config.KAFKA_TOPIC_PREFIX });
const service = buildOutcomes({ config, logger, kafka });
await service.app.listen({ host: config.HOST, port: config.PORT });
lifecycle.onShutdown('http', () => service.app.close());
await service.start();
lifecycle.onShutdown('kafka', () => service.stop());
logger.info({ port: config.PORT }, 'outcomes running');
