import { hostEnv, kafkaConsumerEnv, kafkaEnv, loadConfig, logEnv, port } from '@firstsync/config';
import { apiKeysEnvSchema } from '@firstsync/pharmacy-api-keys';
import { DEFAULT_PROJECTOR_MEMORY } from '@firstsync/pharmacy-events';
import {
  DEFAULT_RETRY_SCHEDULE_MS,
  DEVELOPMENT_SECRET_KEY_BASE64,
  parseAllowedCidrs,
  parseRetrySchedule,
  parseSecretKey,
  type WebhookTargetPolicy,
} from '@firstsync/standard-webhooks';
import { z } from 'zod';
import { DEFAULT_FEED_MAX_EVENTS } from './feed/feed-store';

const positiveInt = (fallback: number) => z.coerce.number().int().min(1).default(fallback);
const flag = (fallback: boolean) => z.stringbool().default(fallback);

/** A parser that throws becomes a zod issue with its (value-free) message. */
function parsedWith<T>(parse: (text: string) => T) {
  return z.string().transform((text, ctx) => {
    try {
      return parse(text);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: err instanceof Error ? err.message : 'is not valid' });
      return z.NEVER;
    }
  });
}

export const pharmacyNotifyConfigSchema = z.object({
  ...hostEnv,
  ...logEnv,
  ...kafkaEnv,
  ...kafkaConsumerEnv,
  PORT: port(8084),
  /** The same key list as ingest (JSON array of {keyHash, pharmacyOds, name}); the demo key when unset (main warns). */
  INGEST_API_KEYS: apiKeysEnvSchema.optional(),
  /**
   * Base64 of the 32-byte AES-256-GCM key that encrypts webhook secrets at rest on
   * pharmacy.webhook-endpoints.v1. Unset: the documented development key (main warns). Set it with
   * WEBHOOK_SECRET_KEY_FILE in deployments. Changing it makes existing endpoints' secrets unreadable.
   */
  WEBHOOK_SECRET_KEY: z
    .string()
    .optional()
    .superRefine((text, ctx) => {
      if (text === undefined) return;
      try {
        parseSecretKey(text);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: err instanceof Error ? err.message : 'is not a valid key' });
      }
    }),
  /** Development only: allow http:// webhook URLs. */
  WEBHOOK_ALLOW_HTTP: flag(false),
  /** Development only: allow private, loopback and CGNAT targets (link-local stays refused). */
  WEBHOOK_ALLOW_PRIVATE_TARGETS: flag(false),
  /** Comma-separated CIDR ranges allowed whatever their kind (e.g. a partner's private link). */
  WEBHOOK_ALLOWED_CIDRS: parsedWith(parseAllowedCidrs).default([]),
  /** Per webhook request: connect, send and response headers. */
  WEBHOOK_TIMEOUT_MS: positiveInt(10_000),
  /** Comma-separated delays in ms before each attempt (the first usually 0); exhausted -> endpoint disabled. */
  WEBHOOK_RETRY_SCHEDULE_MS: parsedWith(parseRetrySchedule).optional(),
  /** Webhook requests in flight at once, across every endpoint. */
  WEBHOOK_MAX_CONCURRENT: positiveInt(256),
  /** Events kept in memory per pharmacy for the change feed and the dispatcher (oldest dropped first). */
  FEED_MAX_EVENTS_PER_PHARMACY: positiveInt(10_000),
  /**
   * Events kept in memory across every pharmacy (~0.65 KB each; oldest dropped first, whatever its
   * pharmacy): what bounds the feed's heap. A cursor or endpoint behind what is kept gets 410 / is
   * disabled with the reason, as with the per-pharmacy bound; the events stay on pharmacy.events.v1.
   */
  FEED_MAX_EVENTS: positiveInt(DEFAULT_FEED_MAX_EVENTS),
  /**
   * Consultations whose projection context the projector remembers (~0.15 KB each; oldest forgotten
   * first). A forgotten one's later fallback-sent gives the cause delivery carries on the event.
   */
  PROJECTOR_MAX_CONSULTATIONS: positiveInt(DEFAULT_PROJECTOR_MEMORY),
});

export type PharmacyNotifyConfig = z.output<typeof pharmacyNotifyConfigSchema>;

/** The key that encrypts webhook secrets: WEBHOOK_SECRET_KEY, or the public development key (main warns). */
export function webhookSecretKeyOf(config: Pick<PharmacyNotifyConfig, 'WEBHOOK_SECRET_KEY'>): Buffer {
  return parseSecretKey(config.WEBHOOK_SECRET_KEY ?? DEVELOPMENT_SECRET_KEY_BASE64);
}

export function isDevelopmentSecretKey(config: Pick<PharmacyNotifyConfig, 'WEBHOOK_SECRET_KEY'>): boolean {
  return webhookSecretKeyOf(config).equals(parseSecretKey(DEVELOPMENT_SECRET_KEY_BASE64));
}

export function targetPolicyOf(
  config: Pick<PharmacyNotifyConfig, 'WEBHOOK_ALLOW_HTTP' | 'WEBHOOK_ALLOW_PRIVATE_TARGETS' | 'WEBHOOK_ALLOWED_CIDRS'>,
): WebhookTargetPolicy {
  return { allowHttp: config.WEBHOOK_ALLOW_HTTP, allowPrivate: config.WEBHOOK_ALLOW_PRIVATE_TARGETS, allowCidrs: config.WEBHOOK_ALLOWED_CIDRS };
}

export function retryScheduleOf(config: Pick<PharmacyNotifyConfig, 'WEBHOOK_RETRY_SCHEDULE_MS'>): readonly number[] {
  return config.WEBHOOK_RETRY_SCHEDULE_MS ?? DEFAULT_RETRY_SCHEDULE_MS;
}

/** Heap bytes per item at the bounds, measured (after a full GC) with the projection's real events. */
const HEAP_BYTES = { feedEvent: 650, rememberedConsultation: 150 } as const;
/** What the service holds besides its bounded views: code, libraries, Kafka clients (measured after start, kafkajs). */
const FIXED_HEAP_MB = 37;

/**
 * The heap the service needs once its bounds are full: main warns when it is more than the heap
 * limit, which is otherwise found out by running out of heap hours into a busy day.
 */
export function heapNeededMb(config: Pick<PharmacyNotifyConfig, 'FEED_MAX_EVENTS' | 'PROJECTOR_MAX_CONSULTATIONS'>): number {
  const bytes = config.FEED_MAX_EVENTS * HEAP_BYTES.feedEvent + config.PROJECTOR_MAX_CONSULTATIONS * HEAP_BYTES.rememberedConsultation;
  return Math.round(FIXED_HEAP_MB + bytes / 1_000_000);
}

export function loadPharmacyNotifyConfig(env: Record<string, string | undefined> = process.env): PharmacyNotifyConfig {
  return loadConfig(pharmacyNotifyConfigSchema, env);
}
