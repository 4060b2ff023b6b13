import { createKafkaClient } from '@firstsync/kafka';
import { createLogger } from '@firstsync/logging';
import { buildIngest } from '../app';
import { loadIngestConfig } from '../config';

/**
 * The OpenAPI document exactly as the running service serves it at /docs/json. The app is built
 * with a fixed configuration (nothing from this process's environment, so the output is the same
 * everywhere) and is never started: no Kafka connection is made.
 */
export async function ingestOpenApiDocument(): Promise<Record<string, unknown>> {
  const logger = createLogger({ service: 'ingest-contracts', level: 'silent' });
  const config = loadIngestConfig({ KAFKA_BROKERS: '127.0.0.1:9' });
  const kafka = createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: 'ingest-contracts' }, logger);
  const { app } = buildIngest({ config, logger, kafka });
  try {
    await app.ready();
    // JSON round trip: the document as a client downloads it (no undefined members, plain objects).
    return JSON.parse(JSON.stringify(app.swagger())) as Record<string, unknown>;
  } finally {
    await app.close();
  }
}
