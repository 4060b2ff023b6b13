import { instanceListenFromEnv, listenService } from '@firstsync/http-app';
import { createKafkaClient, ensureTopics, kafkaSettingsFromEnv } from '@firstsync/kafka';
import { createLogger } from '@firstsync/logging';
import { manageProcess } from '@firstsync/service-lifecycle';
import { startServiceTracing } from '@firstsync/tracing';
import { buildDashboard } from './app';
import { loadDashboardConfig } from './config';
import { openReadModel } from './open-read-model';
import { openDashboardOutcomes } from './outcomes/open-outcomes';

const config = loadDashboardConfig();
const logger = createLogger({ service: 'dashboard', level: config.LOG_LEVEL });
const lifecycle = manageProcess(logger);
// Before anything is built: the HTTP app and Kafka clients add spans only when tracing is on.
await startServiceTracing('dashboard', { lifecycle, logger });

if (config.DASHBOARD_USERS === undefined)
  logger.warn(
    'DASHBOARD_USERS is not set: the demo users (operator, viewer, pharmacy) with their published passwords are in force. Never run like this outside development.',
  );
if (config.DASHBOARD_SESSION_SECRET === undefined)
  logger.warn(
    'DASHBOARD_SESSION_SECRET is not set: a random one was generated, so sessions end when the process restarts and work only on the instance that signed them in (instances sharing a read store need the same secret).',
  );
if (!config.DASHBOARD_COOKIE_SECURE) logger.warn('DASHBOARD_COOKIE_SECURE is false: session cookies are sent over plain http. Set it to true behind https.');

const kafka = createKafkaClient(kafkaSettingsFromEnv(config, 'dashboard'), logger);
await ensureTopics(kafka, logger, { prefix: config.KAFKA_TOPIC_PREFIX });

const store = await openReadModel(config);
logger.info({ readStore: store.kind, schema: store.kind === 'memory' ? undefined : config.READ_STORE_SCHEMA }, 'read model opened');
const outcomes = await openDashboardOutcomes(config, logger);
logger.info({ outcomesStore: outcomes.kind, schema: config.OUTCOMES_STORE_SCHEMA }, 'outcomes store opened');
const dashboard = buildDashboard({ config, logger, kafka, readModel: store.readModel, sessionRepository: store.sessions, outcomes: outcomes.store });
lifecycle.onShutdown('dashboard', async () => {
  await dashboard.stop();
  await store.close();
  await outcomes.store.close();
});
await dashboard.start();
// Replicas share the public port (REUSE_PORT) and each answers health checks on its own INSTANCE_PORT.
await listenService(dashboard.app, { host: config.HOST, port: config.PORT, ...instanceListenFromEnv(process.env) });
