import type { Logger } from '@firstsync/logging';
import { createKafkajsClient } from './adapters/kafkajs';
import { createPlatformaticClient } from './adapters/platformatic';
import { deferredClient } from './deferred-client';
import { KAFKA_CLIENT_KINDS, type KafkaClient, type KafkaClientKind } from './port';

export interface KafkaSettings {
  brokers: string;
  clientId: string;
  /** Which client library talks to the broker; unset: KAFKA_CLIENT from the environment, else kafkajs. */
  client?: KafkaClientKind | undefined;
  ssl?: boolean;
  sslCaFile?: string | undefined;
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string } | undefined;
  /** Short connection timeouts make an unreachable broker fail fast (HTTP 503) instead of hanging. */
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  retries?: number;
}

function clientKind(settings: KafkaSettings): KafkaClientKind {
  const kind = settings.client ?? process.env.KAFKA_CLIENT ?? 'kafkajs';
  if (!KAFKA_CLIENT_KINDS.includes(kind as KafkaClientKind))
    throw new Error(`invalid configuration: KAFKA_CLIENT must be one of ${KAFKA_CLIENT_KINDS.join(', ')}`);
  return kind as KafkaClientKind;
}

/** The Kafka port, implemented by the client the settings (or KAFKA_CLIENT) name: kafkajs by default, or @platformatic/kafka. */
export function createKafkaClient(settings: KafkaSettings, logger: Logger): KafkaClient {
  const kind = clientKind(settings);
  return deferredClient(kind, () => loadAdapter(kind, settings, logger));
}

// Only the chosen library is imported (deferred-client.ts says why); a dynamic import stays one
// in the services' bundles, where a static one would load both at start-up.
async function loadAdapter(kind: KafkaClientKind, settings: KafkaSettings, logger: Logger): Promise<KafkaClient> {
  if (kind === 'platformatic') return createPlatformaticClient(await import('@platformatic/kafka'), settings, logger);
  return createKafkajsClient(await import('kafkajs'), settings, logger);
}

/** Builds client settings from the shared `kafkaEnv` configuration fragment. */
export function kafkaSettingsFromEnv(
  env: {
    KAFKA_BROKERS: string;
    KAFKA_CLIENT?: KafkaClientKind | undefined;
    KAFKA_SSL: boolean;
    KAFKA_SSL_CA_FILE?: string | undefined;
    KAFKA_SASL_MECHANISM?: 'plain' | 'scram-sha-256' | 'scram-sha-512' | undefined;
    KAFKA_SASL_USERNAME?: string | undefined;
    KAFKA_SASL_PASSWORD?: string | undefined;
  },
  clientId: string,
): KafkaSettings {
  const wantsSasl = Boolean(env.KAFKA_SASL_MECHANISM || env.KAFKA_SASL_USERNAME || env.KAFKA_SASL_PASSWORD);
  // Half a SASL configuration must stop the service, not quietly connect without authentication.
  if (wantsSasl && !(env.KAFKA_SASL_MECHANISM && env.KAFKA_SASL_USERNAME && env.KAFKA_SASL_PASSWORD)) {
    throw new Error('invalid configuration: KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD must be set together');
  }
  const sasl =
    env.KAFKA_SASL_MECHANISM && env.KAFKA_SASL_USERNAME && env.KAFKA_SASL_PASSWORD
      ? { mechanism: env.KAFKA_SASL_MECHANISM, username: env.KAFKA_SASL_USERNAME, password: env.KAFKA_SASL_PASSWORD }
      : undefined;
  return {
    brokers: env.KAFKA_BROKERS,
    clientId,
    ...(env.KAFKA_CLIENT ? { client: env.KAFKA_CLIENT } : {}),
    ssl: env.KAFKA_SSL,
    sslCaFile: env.KAFKA_SSL_CA_FILE,
    sasl,
  };
}
