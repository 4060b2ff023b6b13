import type { PipelineEvent, PipelineEventType } from '@firstsync/contracts';

/**
 * Tie-break for events stamped with the same instant: the order in which they happen in the
 * pipeline (a send precedes its outcome, a resend request precedes the new send). Operator and
 * audit events come last because they never change a consultation's state.
 */
export const TYPE_PRECEDENCE: Record<PipelineEventType, number> = {
  received: 0,
  'not-shared': 1,
  mapped: 2,
  'mapping-failed': 3,
  parked: 4,
  'resend-requested': 5,
  'route-decided': 6,
  sent: 7,
  'inf-ack': 8,
  'mesh-report': 9,
  'bus-ack': 10,
  'retry-scheduled': 11,
  'needs-fallback': 12,
  'fallback-sent': 13,
  delivered: 14,
  'dead-lettered': 15,
  filed: 16,
  'practice-held': 17,
  'practice-released': 18,
  'command-rejected': 19,
  revealed: 20,
  'followed-up': 21,
  exported: 22,
};

type Ordered = Pick<PipelineEvent, 'at' | 'type' | 'eventId'>;

/**
 * Total order over pipeline events: by instant, then pipeline order of the type, then eventId.
 * Kafka only orders within a partition and stages stamp their own clocks, so a reader that cannot
 * rely on topic order sorts with this; with a total order, any permutation of the same events
 * folds to the same state.
 */
export function compareEvents(a: Ordered, b: Ordered): number {
  const byTime = Date.parse(a.at) - Date.parse(b.at);
  if (byTime !== 0) return byTime;
  const byType = TYPE_PRECEDENCE[a.type] - TYPE_PRECEDENCE[b.type];
  if (byType !== 0) return byType;
  return a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0;
}

/**
 * Event types that record what an operator (or pharmacy staff, for `followed-up`) did or asked
 * for: the dashboard's audit page. None of them moves a consultation's state.
 */
export const OPERATOR_EVENT_TYPES: readonly PipelineEventType[] = [
  'resend-requested',
  'practice-held',
  'practice-released',
  'command-rejected',
  'revealed',
  'followed-up',
  'exported',
];

export function isOperatorEvent(event: Pick<PipelineEvent, 'type'>): boolean {
  return OPERATOR_EVENT_TYPES.includes(event.type);
}
