import { hostEnv, kafkaConsumerEnv, kafkaEnv, loadConfig, logEnv, port } from '@firstsync/config';
import { z } from 'zod';

/**
 * The public development key for fact keys: with it anyone holding a consultation id can find its
 * facts, so main warns, and deployments set OUTCOMES_FACT_KEY_SECRET_FILE.
 */
export const DEVELOPMENT_FACT_KEY_SECRET = 'firstsync-development-outcomes-fact-key-never-use-in-production';

export const outcomesConfigSchema = z.object({
  ...hostEnv,
  ...logEnv,
  ...kafkaEnv,
  ...kafkaConsumerEnv,
  /** Health, readiness and metrics only. */
  PORT: port(8085),
  /** Defaults to `${KAFKA_TOPIC_PREFIX}outcomes` so side-by-side environments on one cluster never share a group. */
  KAFKA_GROUP_ID: z.string().min(1).optional(),
  /**
   * The HMAC-SHA256 key of fact keys (at least 32 characters, e.g. base64 of 32 random bytes).
   * Every instance must use the same one, and it must not change: facts are keyed by it for
   * years, and a new key would start new facts beside the old. Unset: the development key.
   */
  OUTCOMES_FACT_KEY_SECRET: z.string().min(32, 'must be at least 32 characters (e.g. base64 of 32 random bytes)').optional(),
  /** Partitions projected at once (parsing consultations is CPU-bound). */
  OUTCOMES_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
});

export type OutcomesConfig = z.output<typeof outcomesConfigSchema>;

export function factKeySecretOf(config: Pick<OutcomesConfig, 'OUTCOMES_FACT_KEY_SECRET'>): string {
  return config.OUTCOMES_FACT_KEY_SECRET ?? DEVELOPMENT_FACT_KEY_SECRET;
}

export function loadOutcomesConfig(env: Record<string, string | undefined> = process.env): OutcomesConfig {
  return loadConfig(outcomesConfigSchema, env);
}
