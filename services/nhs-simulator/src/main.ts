import { createLogger } from '@firstsync/logging';
import { manageProcess } from '@firstsync/service-lifecycle';
import { startServiceTracing } from '@firstsync/tracing';
import { buildNhsSimulator } from './app';
import { loadNhsSimulatorConfig } from './config';

const config = loadNhsSimulatorConfig();
const logger = createLogger({ service: 'nhs-simulator', level: config.LOG_LEVEL });
const lifecycle = manageProcess(logger);
// Before anything is built: the HTTP app and Kafka clients add spans only when tracing is on.
await startServiceTracing('nhs-simulator', { lifecycle, logger });

const { app } = buildNhsSimulator({ config, logger });
await app.listen({ host: config.HOST, port: config.PORT });
lifecycle.onShutdown('http', () => app.close());
logger.info({ port: config.PORT }, 'nhs-simulator running');
