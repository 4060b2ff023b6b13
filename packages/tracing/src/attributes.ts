/**
 * Every attribute name a firstsync span may carry. The set is closed on purpose: span attributes
 * leave the process for whatever collector an operator points at, so they hold ids, routes and
 * counts only, never a payload field (NHS numbers, names, clinical text). Adding a name here is the
 * review point for that rule.
 */
export const SPAN_ATTRIBUTE = {
  consultationId: 'firstsync.consultation_id',
  messagingSystem: 'messaging.system',
  messagingOperation: 'messaging.operation.type',
  messagingDestination: 'messaging.destination.name',
  messagingPartition: 'messaging.destination.partition.id',
  messagingOffset: 'messaging.kafka.offset',
  messagingBatchCount: 'messaging.batch.message_count',
  httpMethod: 'http.request.method',
  httpRoute: 'http.route',
  httpStatus: 'http.response.status_code',
  errorType: 'error.type',
} as const;

export type SpanAttributeName = (typeof SPAN_ATTRIBUTE)[keyof typeof SPAN_ATTRIBUTE];
export type SpanAttributes = Partial<Record<SpanAttributeName, string | number>>;

const ALLOWED: ReadonlySet<string> = new Set(Object.values(SPAN_ATTRIBUTE));

/** True for a name in SPAN_ATTRIBUTE (tests check exported spans against it). */
export function isAllowedSpanAttribute(name: string): boolean {
  return ALLOWED.has(name);
}
