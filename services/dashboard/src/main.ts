import { createKafkaClient, ensureTopics, kafkaSettingsFromEnv } from '@firstsync/kafka';
import { createLogger } from '@firstsync/logging';
import { manageProcess } from '@firstsync/service-lifecycle';
import { buildDashboard } from './app';
import { loadDashboardConfig } from './config';

const config = loadDashboardConfig();
const logger = createLogger({ service: 'dashboard', level: config.LOG_LEVEL });
const lifecycle = manageProcess(logger);

if (config.DASHBOARD_USERS === undefined)
  logger.warn(
    'DASHBOARD_USERS is not set: the demo users (operator, viewer, pharmacy) with their published passwords are in force. Never run like this outside development.',
  );
if (config.DASHBOARD_SESSION_SECRET === undefined)
  logger.warn('DASHBOARD_SESSION_SECRET is not set: a random one was generated, so sessions end when the process restarts.');
if (!config.DASHBOARD_COOKIE_SECURE) logger.warn('DASHBOARD_COOKIE_SECURE is false: session cookies are sent over plain http. Set it to true behind https.');

const kafka = createKafkaClient(kafkaSettingsFromEnv(config, 'dashboard'), logger);
await ensureTopics(kafka, logger, { prefix: config.KAFKA_TOPIC_PREFIX });

const dashboard = buildDashboard({ config, logger, kafka });
lifecycle.onShutdown('dashboard', () => dashboard.stop());
await dashboard.start();
await dashboard.app.listen({ host: config.HOST, port: config.PORT });
