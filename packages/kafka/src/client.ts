import { readFileSync } from 'node:fs';
import type { Logger } from '@firstsync/logging';
import { Kafka, type KafkaConfig, type logCreator, logLevel, type SASLOptions } from 'kafkajs';

export interface KafkaSettings {
  brokers: string;
  clientId: string;
  ssl?: boolean;
  sslCaFile?: string | undefined;
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string } | undefined;
  /** Short connection timeouts make an unreachable broker fail fast (HTTP 503) instead of hanging. */
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  retries?: number;
}

// kafkajs logs through our pino logger so its lines are structured and redacted like ours.
export function kafkaLogCreator(logger: Logger): logCreator {
  return () =>
    ({ level, log }) => {
      const { message, ...extra } = log;
      const fields = { kafka: { broker: extra.broker, groupId: extra.groupId, error: extra.error } };
      // kafkajs logs every error answer of the broker at error level, also the ones it retries (a
      // coordinator still loading at start-up, a leader moving). Those are warnings: a failure that
      // outlasts the retries reaches the service as a rejected call and is logged there.
      const retriedResponse = typeof message === 'string' && message.startsWith('Response ');
      if (level === logLevel.ERROR && !retriedResponse) logger.error(fields, message);
      else if (level === logLevel.ERROR) logger.warn(fields, message);
      else if (level === logLevel.WARN) logger.warn(fields, message);
      else if (level === logLevel.INFO) logger.debug(fields, message);
    };
}

export function createKafkaClient(settings: KafkaSettings, logger: Logger): Kafka {
  const config: KafkaConfig = {
    clientId: settings.clientId,
    brokers: settings.brokers
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean),
    connectionTimeout: settings.connectionTimeoutMs ?? 3_000,
    requestTimeout: settings.requestTimeoutMs ?? 30_000,
    retry: { retries: settings.retries ?? 5, initialRetryTime: 300, maxRetryTime: 10_000 },
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(logger.child({ component: 'kafkajs' })),
  };
  if (settings.ssl) config.ssl = settings.sslCaFile ? { ca: [readFileSync(settings.sslCaFile, 'utf8')] } : true;
  if (settings.sasl) config.sasl = settings.sasl as SASLOptions;
  return new Kafka(config);
}

/** Builds client settings from the shared `kafkaEnv` configuration fragment. */
export function kafkaSettingsFromEnv(
  env: {
    KAFKA_BROKERS: string;
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
  return { brokers: env.KAFKA_BROKERS, clientId, ssl: env.KAFKA_SSL, sslCaFile: env.KAFKA_SSL_CA_FILE, sasl };
}
