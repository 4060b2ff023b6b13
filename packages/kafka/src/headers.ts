import { TRACE_HEADER } from '@firstsync/logging';
/**
 * Every Kafka header name firstsync writes or reads, so a consultation can be traced across hops
 * without reading payloads. The correlation and consultation ids travel under the same names on
 * HTTP too (delivery's FHIR REST calls), since they are the same ids.
 */
export const HEADER = {
  correlationId: TRACE_HEADER.correlationId,
  consultationId: TRACE_HEADER.consultationId,
  schema: 'x-schema',
  /** A consultations.v1 record: the publishing ingest instance's id for it, to find its own record when reading back. */
  acceptanceId: 'x-acceptance-id',
  producedBy: 'x-produced-by',
  traceparent: 'traceparent',
  attempt: 'x-attempt',
  firstAttemptAt: 'x-first-attempt-at',
  notBefore: 'x-not-before',
  /** A retry-tier record: the tier it waits in. */
  retryTier: 'x-retry-tier',
  /**
   * A retry-tier record: when (ms since epoch, delivery's clock) the message was held back by a
   * failure or an open breaker. If the practice's breaker closes after that, the record is due at once.
   */
  heldSince: 'x-held-since',
  /** A message put back on gp-messages by a `release-practice` command: the command's offset. */
  releasedByCommandOffset: 'x-released-by-command-offset',
  /** A message put back on gp-messages by a `resend` command: the command's id. */
  resendCommandId: 'x-resend-command-id',
  /** A message put back on gp-messages by delivery itself (a start-up reroute, a retryable acknowledgement). */
  requeuedBy: 'x-requeued-by',
  /** A delivery dead letter: its disposition (rejected, needs-fallback, ...). */
  disposition: 'x-disposition',
  /** A parked message: why it is parked. */
  parkReason: 'x-park-reason',
  /** A mapping dead letter: why the mapping failed. */
  failureReason: 'x-failure-reason',
} as const;

/** Values of the `x-schema` header: the contract of a record's value, readable without parsing it. */
export const SCHEMA = {
  consultationEvent: 'consultation-event.v1',
  pipelineEvent: 'pipeline-event.v1',
  opsCommand: 'ops-command.v1',
  gpMessage: 'gp-message.v1',
  deliveryRetry: 'delivery-retry.v1',
  deliveryDeadLetter: 'delivery-dead-letter.v1',
  deliveryParked: 'delivery-parked.v1',
  deliveryPracticeRoute: 'delivery-practice-route.v1',
  pharmacyEvent: 'pharmacy-event.v1',
  webhookEndpointEvent: 'webhook-endpoint-event.v1',
  webhookAttempt: 'webhook-attempt.v1',
  outcomeFact: 'outcome-fact.v1',
} as const;

export type Headers = Readonly<Record<string, string>>;

type RawHeaderValue = Buffer | string | undefined | ReadonlyArray<Buffer | string | undefined>;

/** Decodes a client's raw headers (an object or a Map, values Buffer, string or arrays of them); the first value of a name wins. */
export function decodeHeaders(
  raw: Readonly<Record<string, RawHeaderValue>> | ReadonlyMap<Buffer | string, RawHeaderValue> | undefined,
): Record<string, string> {
  const headers: Record<string, string> = {};
  const entries: Iterable<[Buffer | string, RawHeaderValue]> = raw instanceof Map ? raw.entries() : Object.entries(raw ?? {});
  for (const [rawName, value] of entries) {
    if (value === undefined) continue;
    const name = Buffer.isBuffer(rawName) ? rawName.toString('utf8') : String(rawName);
    if (name in headers) continue;
    const first = Array.isArray(value) ? (value as ReadonlyArray<Buffer | string | undefined>)[0] : (value as Buffer | string);
    if (first !== undefined) headers[name] = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  }
  return headers;
}
