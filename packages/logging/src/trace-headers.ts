/**
 * The ids that tie a consultation's log lines, Kafka records and HTTP calls together, under one
 * name each wherever they travel: Kafka record headers (@firstsync/kafka's HEADER spreads these),
 * the HTTP headers of our APIs (@firstsync/http-app) and of delivery's FHIR REST calls, and what the
 * NHS simulator reads back. Defined here because every one of those packages already logs.
 */
export const TRACE_HEADER = {
  correlationId: 'x-correlation-id',
  consultationId: 'x-consultation-id',
  requestId: 'x-request-id',
} as const;
