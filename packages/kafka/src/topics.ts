/**
 * Every topic firstsync uses, defined once: the start command and each service create them
 * idempotently at start-up, and the AsyncAPI document is generated from this list.
 */
export interface TopicSpec {
  /** Logical name; the real name is `${KAFKA_TOPIC_PREFIX}${name}`. */
  readonly name: string;
  readonly partitions: number;
  /** -1: kept forever. With `compact` alone Kafka ignores it (a compacted topic keeps the latest record of each key forever). */
  readonly retentionMs: number;
  /** `compact,delete`: the latest record of each key, and none older than retentionMs. */
  readonly cleanupPolicy: 'delete' | 'compact' | 'compact,delete';
  /** What the record key is, for people reading the AsyncAPI document. */
  readonly key: string;
  readonly description: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Delay tiers for non-blocking delivery retries. A failed delivery is parked on the tier whose delay
 * fits its next attempt; the tier consumer waits (pausing only that partition) and hands it back.
 */
export const RETRY_TIERS = [
  { id: '30s', delayMs: 30_000 },
  { id: '2m', delayMs: 2 * 60_000 },
  { id: '10m', delayMs: 10 * 60_000 },
  { id: '1h', delayMs: HOUR },
  { id: '4h', delayMs: 4 * HOUR },
] as const;
export type RetryTierId = (typeof RETRY_TIERS)[number]['id'];

export const TOPICS = {
  consultations: {
    name: 'consultations.v1',
    partitions: 6,
    retentionMs: 14 * DAY,
    cleanupPolicy: 'delete',
    key: 'consultationId',
    description: 'Validated consultations accepted from pharmacy systems (ConsultationEvent).',
  },
  gpMessages: {
    name: 'gp-messages.v1',
    partitions: 6,
    retentionMs: 14 * DAY,
    cleanupPolicy: 'delete',
    key: 'registered practice ODS code',
    description: 'GP Connect Update Record messages ready for delivery (GpMessage), keyed by practice so per-practice state lives in one consumer.',
  },
  pipelineEvents: {
    name: 'pipeline.events.v1',
    partitions: 6,
    retentionMs: 90 * DAY,
    cleanupPolicy: 'delete',
    key: 'consultationId (practiceOds for practice-level events: hold, release)',
    description: 'What happened to each consultation at every stage (PipelineEvent); the dashboard read model and the ingest status API are built from it.',
  },
  opsCommands: {
    name: 'ops.commands.v1',
    partitions: 1,
    retentionMs: 365 * DAY,
    cleanupPolicy: 'delete',
    key: 'commandId',
    description: 'Operator commands (resend, bulk resend, hold/release a practice) with who asked and why; one partition keeps them in order.',
  },
  mappingDeadLetter: {
    name: 'mapping.dead-letter',
    partitions: 1,
    retentionMs: 90 * DAY,
    cleanupPolicy: 'delete',
    key: 'consultationId (or null for unreadable input)',
    description: 'Consultations the mapper could not turn into a valid message, with an OperationOutcome naming every problem.',
  },
  deliveryDeadLetter: {
    name: 'delivery.dead-letter',
    partitions: 1,
    retentionMs: 90 * DAY,
    cleanupPolicy: 'delete',
    key: 'registered practice ODS code',
    description: 'Messages rejected permanently or out of retries, with the full reason history; resendable by an operator.',
  },
  deliveryParked: {
    name: 'delivery.parked',
    partitions: 1,
    retentionMs: 30 * DAY,
    cleanupPolicy: 'delete',
    key: 'registered practice ODS code',
    description:
      'Messages for practices with no usable route (unknown practice, transport disabled, held); released by an operator command or a configuration change.',
  },
  deliveryPracticeRoutes: {
    name: 'delivery.practice-routes.v1',
    partitions: 1,
    retentionMs: -1,
    cleanupPolicy: 'compact',
    key: 'GP practice ODS code',
    description:
      "What acknowledgements taught delivery about each practice's MESH route (e.g. 20010: Update Record switched off, so NHSmail for a while, then MESH is probed again); compacted, one record per practice, read by every delivery instance at start and followed.",
  },
  pharmacyEvents: {
    name: 'pharmacy.events.v1',
    partitions: 6,
    retentionMs: 30 * DAY,
    cleanupPolicy: 'delete',
    key: 'pharmacy ODS code',
    description:
      "What each pharmacy is told about its consultations (PharmacyEvent): the webhook payloads and the change feed. Keyed by pharmacy so one partition's offsets order all of a pharmacy's events and serve as its feed cursor.",
  },
  pharmacyWebhookEndpoints: {
    name: 'pharmacy.webhook-endpoints.v1',
    partitions: 1,
    retentionMs: -1,
    cleanupPolicy: 'delete',
    key: 'endpointId',
    description:
      'The webhook endpoint registry, event-sourced (WebhookEndpointEvent: created, updated, secret-rotated, disabled, enabled, deleted); kept forever, so it is also the audit trail.',
  },
  pharmacyWebhookAttempts: {
    name: 'pharmacy.webhook-attempts.v1',
    partitions: 6,
    retentionMs: 30 * DAY,
    cleanupPolicy: 'delete',
    key: 'endpointId',
    description: 'Every webhook delivery attempt (WebhookAttempt) with its outcome; the delivered ones are the per-endpoint cursor.',
  },
  outcomesFacts: {
    name: 'outcomes.facts.v1',
    partitions: 6,
    // Year-on-year views need the previous years; the patient topics' 14- and 90-day retention does not apply.
    retentionMs: 3 * 366 * DAY,
    cleanupPolicy: 'compact,delete',
    key: 'factKey/consultation or factKey/delivery/<version> (factKey: HMAC-SHA256 of the consultationId, never the id itself)',
    description:
      'De-identified outcome facts for the PCN/ICB outcomes views (OutcomeFactRecord): per consultation a consultation part (service, pathway, outcome, medicine codes, age band, sex, pharmacy and practice ODS, date) and a delivery part per version (the GP delivery result). No patient identifiers or free text. Compacted, so the latest of each part is kept, for three years.',
  },
  ...Object.fromEntries(
    RETRY_TIERS.map((tier) => [
      `deliveryRetry${tier.id}`,
      {
        name: `delivery.retry.${tier.id}`,
        partitions: 3,
        retentionMs: 7 * DAY,
        cleanupPolicy: 'delete',
        key: 'registered practice ODS code',
        description: `Delivery attempts waiting about ${tier.id} before the next try (headers: attempt, first-attempt-at, not-before).`,
      } satisfies TopicSpec,
    ]),
  ),
} as const satisfies Record<string, TopicSpec>;

/**
 * How firstsync's topics are replicated on a cluster of `brokers`: 3 copies, 2 of them in sync,
 * once there are 3 brokers, so one broker may be lost while producers (acks=all) keep writing and
 * no acknowledged record is lost. Below 3 nothing is set and the broker's defaults apply (RF 1 on
 * the single local broker: the quick default stays as it was).
 */
export function topicReplication(brokers: number): { readonly replicationFactor: number; readonly minInsyncReplicas: number } | undefined {
  return brokers >= 3 ? { replicationFactor: 3, minInsyncReplicas: 2 } : undefined;
}

export type TopicKey = keyof typeof TOPICS;
export type TopicNames = { readonly [K in TopicKey]: string };

export function retryTierKey(id: RetryTierId): TopicKey {
  return `deliveryRetry${id}` as TopicKey;
}

export function resolveTopicNames(prefix = ''): TopicNames {
  return Object.fromEntries(Object.entries(TOPICS).map(([key, spec]) => [key, `${prefix}${spec.name}`])) as TopicNames;
}

export function allTopicSpecs(): TopicSpec[] {
  return Object.values(TOPICS);
}
