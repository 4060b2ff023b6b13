import { hostEnv, kafkaConsumerEnv, kafkaEnv, loadConfig, logEnv, port } from '@firstsync/config';
import { RETRY_TIERS } from '@firstsync/kafka';
import { z } from 'zod';
import { directoryFromConfig } from './routing/directory-config';
import { meshEnv } from './transport/mesh';
import { nhsmailEnv } from './transport/nhsmail';

const int = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);
const HOUR = 3_600_000;

/** `30000,120000,...`: one delay per retry tier topic, in tier order (the topics are fixed, their delays are not). */
const retryDelays = z
  .string()
  .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, 'must be a comma-separated list of milliseconds')
  .transform((text) => text.split(',').map((part) => Number(part.trim())))
  .refine(
    (delays) => delays.length === RETRY_TIERS.length,
    `needs exactly ${RETRY_TIERS.length} delays, one per retry tier (${RETRY_TIERS.map((t) => t.id).join(', ')})`,
  )
  .default(RETRY_TIERS.map((tier) => tier.delayMs));

const deliveryEnvSchema = z.object({
  ...hostEnv,
  ...logEnv,
  ...kafkaEnv,
  /** Health and readiness only. */
  PORT: port(8083),
  /** Defaults to `${KAFKA_TOPIC_PREFIX}delivery`; the retry tiers and commands use `-retry` / `-commands` groups. */
  KAFKA_GROUP_ID: z.string().min(1).optional(),
  ...kafkaConsumerEnv,
  /**
   * The practice directory as JSON (`{ "default": {...}|null, "practices": { "A81001": {...} } }`);
   * `PRACTICE_DIRECTORY_FILE` names a file holding it instead.
   */
  PRACTICE_DIRECTORY: z.string().optional(),
  /** Where practices without an entry go when the directory names no default: FHIR REST here. Unset: they are parked. */
  DEFAULT_FHIR_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Whole FHIR call, connect to last byte. */
  FHIR_REQUEST_TIMEOUT_MS: int(100, 300_000, 15_000),
  /** Calls in flight at once per practice (and instance) unless the directory says otherwise. */
  PRACTICE_CONCURRENCY: int(1, 64, 4),
  /** Partitions worked at once per consumer. */
  PARTITIONS_CONCURRENCY: int(1, 64, 6),
  /**
   * Bytes of GP messages fetched per partition at a time (the message and retry consumers), so what a
   * batch holds while its sends run: an Update Record is about 14 KB, so 256 KB is about 18 messages
   * a partition, over 100 in hand across PARTITIONS_CONCURRENCY, several times what PRACTICE_CONCURRENCY
   * sends at once. Kafka's usual 1 MB held about 70 a partition, most of them waiting (memory:
   * infra/benchmarks/README.md).
   */
  FETCH_BYTES_PER_PARTITION: int(16_384, 16_777_216, 262_144),
  RETRY_DELAYS_MS: retryDelays,
  /** Attempts in total, the first included, before a message is dead-lettered as exhausted. */
  RETRY_MAX_ATTEMPTS: int(1, 1_000, 10),
  RETRY_JITTER_RATIO: z.coerce.number().min(0).max(0.9).default(0.2),
  /** Time the fallback needs before the notification deadline: no retry is planned later than this. */
  FALLBACK_MARGIN_MS: int(0, 24 * HOUR, 2 * HOUR),
  /** London time by which the practice must have the summary on the deadline day. */
  NOTIFICATION_CLOSE_OF_DAY: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM')
    .default('18:30'),
  BREAKER_FAILURE_THRESHOLD: int(1, 1_000, 5),
  BREAKER_COOL_DOWN_MS: int(0, 24 * HOUR, 30_000),
  /** How long a batch handler waits for a partition's work before pausing it and letting it finish in the background. */
  BATCH_WAIT_BUDGET_MS: int(10, 60_000, 1_000),
  /** At shutdown, in-flight calls get this long to finish before they are aborted (and retried later). */
  SHUTDOWN_GRACE_MS: int(0, 120_000, 10_000),
  /** Commands older than this when first read (e.g. a new consumer group replaying the topic) are skipped. */
  COMMAND_MAX_AGE_MS: int(1_000, 30 * 24 * HOUR, 24 * HOUR),
  /** Start-up waits this long for the state (latest messages, holds) to be rebuilt from the topics. */
  STATE_CATCH_UP_TIMEOUT_MS: int(1_000, 600_000, 60_000),
  /**
   * A practice that answered ITK3 20010 (Update Record switched off) gets the NHSmail fallback
   * without trying MESH for this long after the answer; then the next message probes MESH again.
   */
  ROUTE_SWITCHED_OFF_FALLBACK_MS: int(0, 90 * 24 * HOUR, 7 * 24 * HOUR),
  /** Directory of the message index's scratch file (message bodies kept off the heap; rebuilt at every start). Default: the OS temp dir. */
  INDEX_SPILL_DIR: z.string().min(1).optional(),
  ...meshEnv,
  ...nhsmailEnv,
});

/** The directory is checked with the rest of the environment, so a bad one stops the boot with the variable named. */
export const deliveryConfigSchema = deliveryEnvSchema.superRefine((config, context) => {
  try {
    directoryFromConfig(config);
  } catch (err) {
    context.addIssue({
      code: 'custom',
      path: ['PRACTICE_DIRECTORY'],
      message: err instanceof Error ? err.message.replace(/^PRACTICE_DIRECTORY: /, '') : 'invalid',
    });
  }
});

export type DeliveryConfig = z.output<typeof deliveryConfigSchema>;

export function loadDeliveryConfig(env: Record<string, string | undefined> = process.env): DeliveryConfig {
  return loadConfig(deliveryConfigSchema, env);
}
