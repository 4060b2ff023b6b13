import { hostEnv, kafkaEnv, loadConfig, logEnv, port } from '@firstsync/config';
import { TOPICS } from '@firstsync/kafka';
import { apiKeysEnvSchema } from '@firstsync/pharmacy-api-keys';
import { z } from 'zod';

const DAY_MS = 86_400_000;

const positiveInt = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

export const ingestConfigSchema = z.object({
  ...hostEnv,
  PORT: port(8080),
  ...logEnv,
  ...kafkaEnv,
  /** JSON array of {keyHash (sha256 hex of the key), pharmacyOds, name}; or INGEST_API_KEYS_FILE. */
  INGEST_API_KEYS: apiKeysEnvSchema.optional(),
  /** Base URL pharmacy systems reach this service on; statusUrl in responses is built from it. */
  INGEST_PUBLIC_URL: z.url().optional(),
  /**
   * Token bucket per API key: sustained requests per second, and the burst allowed on top. Figures
   * for the whole system: each of INGEST_INSTANCES instances enforces its share (instanceShare).
   */
  INGEST_RATE_LIMIT_PER_SECOND: z.coerce.number().positive().default(20),
  INGEST_RATE_LIMIT_BURST: positiveInt(40),
  /** Ingest instances behind the one address (npm start: its instance count; k8s: the Deployment's replicas). */
  INGEST_INSTANCES: positiveInt(1),
  /**
   * API requests one instance handles at once; more are answered 503 with Retry-After at once
   * (http/in-flight-limit.ts), so a queue of waiting requests cannot outgrow the instance's memory.
   * 128: at the ~25 ms a request takes at saturation, about 5,000 a second, three times what one
   * instance takes here. 512 connections at once: peak RSS 154-167 MB at 512, 147-148 MB at 128.
   */
  INGEST_MAX_IN_FLIGHT: positiveInt(128),
  /** A Kafka send not acknowledged by then is answered 503 (and is not recorded as accepted). */
  INGEST_KAFKA_SEND_TIMEOUT_MS: positiveInt(10_000),
  INGEST_PRODUCER_LINGER_MS: z.coerce.number().int().min(0).default(0),
  /**
   * Bounds of the in-memory stores (entries, i.e. consultations), sized for ingest's heap budget
   * (HEAP_BUDGET_MB in packages/service-runner/src/service-table.ts) and so a process of at most
   * 150 MB RSS. Measured heap: an idempotency entry about 220 bytes (50k: about 11 MB); a timeline
   * of the usual 6 events about 1.5 KB (5k: about 7.5 MB). Lowered from 100k / 20k (51 MB when
   * full: with the process's own ~35 MB of code and libraries, its heap alone passed 90 MB and its
   * RSS 200 MB). Replicas that must all answer status for older consultations use STATUS_STORE_URL.
   * A timeline keeps its first event and the latest ones; 32 covers every retry tier and a few resends.
   */
  INGEST_IDEMPOTENCY_MAX_ENTRIES: positiveInt(50_000),
  INGEST_TIMELINE_MAX_CONSULTATIONS: positiveInt(5_000),
  INGEST_TIMELINE_MAX_EVENTS: positiveInt(32),
  /** Consumer group session of the two in-memory views (idempotency rebuild, status timelines). */
  INGEST_CONSUMER_SESSION_TIMEOUT_MS: positiveInt(30_000),
  INGEST_CONSUMER_HEARTBEAT_MS: positiveInt(3_000),
  /**
   * Where the status endpoint's timelines live (or STATUS_STORE_URL_FILE), in @firstsync/read-store:
   * `postgres://…` (a server, shared by every instance), `pglite:<dir>` (embedded, one process),
   * `pglite:` (embedded in memory). Unset: bounded timelines in this process's memory
   * (INGEST_TIMELINE_MAX_*), rebuilt from the topic at every start.
   */
  STATUS_STORE_URL: z
    .string()
    .regex(/^(postgres:\/\/|postgresql:\/\/|pglite:)/, 'must start with postgres://, postgresql:// or pglite:')
    .optional(),
  /** Schema of ingest's tables: its own, so it never shares rows with the dashboard's read model. */
  STATUS_STORE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/)
    .default('ingest_status'),
  /**
   * How long a consultation's status is kept after its last event (the store prunes older ones and
   * says so when asked): the retention of pipeline.events.v1, which nothing could rebuild beyond.
   */
  STATUS_RETENTION_DAYS: positiveInt(Math.round(TOPICS.pipelineEvents.retentionMs / DAY_MS)),
  /** How often the store prunes what is older than STATUS_RETENTION_DAYS. */
  STATUS_STORE_PRUNE_INTERVAL_MS: positiveInt(3_600_000),
  /**
   * GET /v1/consultations/{id} answers a state with `asOf` (its view holds every pipeline event
   * published before it); a view known current only longer ago than this answers 503 + Retry-After
   * instead. How often the topic's end is read to move asOf (one ListOffsets request each).
   */
  INGEST_STATUS_MAX_LAG_MS: positiveInt(30_000),
  INGEST_STATUS_FRESHNESS_INTERVAL_MS: positiveInt(1_000),
  /** Body limit of POST /v1/consultations/batch (each item is still limited to 256 KiB). */
  INGEST_BATCH_MAX_BODY_BYTES: positiveInt(8 * 1024 * 1024),
});

export type IngestConfig = z.output<typeof ingestConfigSchema>;

/** The keys accepted: INGEST_API_KEYS, or the documented demo key when it is not set (main warns). */
export { apiKeysOf } from '@firstsync/pharmacy-api-keys';

/** Where pharmacy systems reach this service, without a trailing slash: statusUrl is built on it. */
export function publicUrlOf(config: Pick<IngestConfig, 'INGEST_PUBLIC_URL' | 'HOST' | 'PORT'>): string {
  return (config.INGEST_PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`).replace(/\/+$/, '');
}

// loadConfig reads `X_FILE` only for names this schema declares: hosts set unrelated ones
// (SSL_CERT_FILE, TF_CLI_CONFIG_FILE...) that may point at files that do not exist.
export function loadIngestConfig(env: Record<string, string | undefined> = process.env): IngestConfig {
  return loadConfig(ingestConfigSchema, env);
}
