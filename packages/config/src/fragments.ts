import { z } from 'zod';

/** Environment fragments every service shares; each service spreads the ones it needs into its own schema. */

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65_535).default(fallback);
const flag = (fallback: boolean) => z.stringbool().default(fallback);

export const kafkaEnv = {
  KAFKA_BROKERS: z.string().min(1).default('127.0.0.1:9092'),
  /** Prefix for every topic name: lets tests and side-by-side environments share one cluster. */
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9._-]*$/)
    .default(''),
  /** Which client library implements the Kafka port: kafkajs (default) or @platformatic/kafka. */
  KAFKA_CLIENT: z.enum(['kafkajs', 'platformatic']).default('kafkajs'),
  KAFKA_SSL: flag(false),
  KAFKA_SSL_CA_FILE: z.string().optional(),
  KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional(),
  KAFKA_SASL_USERNAME: z.string().optional(),
  KAFKA_SASL_PASSWORD: z.string().optional(),
};

/**
 * Consumer-group liveness of a service's group consumers: how long a SIGKILLed member keeps its
 * partitions before the group moves them (tests and chaos runs shorten it).
 */
export const kafkaConsumerEnv = {
  KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000).max(300_000).default(30_000),
  KAFKA_HEARTBEAT_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(3_000),
};

export const logEnv = {
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
};

export const hostEnv = {
  HOST: z.string().default('127.0.0.1'),
};

export type KafkaEnv = z.output<z.ZodObject<typeof kafkaEnv>>;
