import type { WebhookAttempt } from '@firstsync/contracts';
import type { WebhookEndpoint } from './registry';

/** What pharmacy.webhook-attempts.v1 says about one endpoint. */
export interface EndpointAttempts {
  readonly endpointId: string;
  /** The latest attempts, oldest first, at most the view's `keep`. */
  readonly recent: readonly WebhookAttempt[];
  /** Per partition of pharmacy.events.v1, the highest offset delivered here: the endpoint's cursor. */
  readonly delivered: ReadonlyMap<number, string>;
  /** The event the latest attempt was for: the head of the endpoint's queue while it fails. */
  readonly headEventId?: string;
  /** Failed attempts in a row for the head event (0 once it is delivered). */
  readonly failuresInARow: number;
  /** When the first of those failures happened. */
  readonly failingSince?: string;
}

export interface AttemptsView {
  readonly keep: number;
  readonly byEndpoint: ReadonlyMap<string, EndpointAttempts>;
}

/** Attempts kept per endpoint by default (what the API and dashboard list). */
export const DEFAULT_KEPT_ATTEMPTS = 50;

const laterOffset = (a: string | undefined, b: string): string => (a !== undefined && BigInt(a) >= BigInt(b) ? a : b);

/** One endpoint's attempts after one more (the pure transition). */
export function nextEndpointAttempts(current: EndpointAttempts | undefined, attempt: WebhookAttempt, keep = DEFAULT_KEPT_ATTEMPTS): EndpointAttempts {
  const before = current ?? { endpointId: attempt.endpointId, recent: [], delivered: new Map<number, string>(), failuresInARow: 0 };
  const recent = [...before.recent, attempt].slice(-keep);
  if (attempt.outcome === 'delivered') {
    const delivered = new Map(before.delivered).set(attempt.partition, laterOffset(before.delivered.get(attempt.partition), attempt.feedOffset));
    return { endpointId: before.endpointId, recent, delivered, headEventId: attempt.eventId, failuresInARow: 0 };
  }
  const sameHead = before.headEventId === attempt.eventId && before.failuresInARow > 0;
  return {
    endpointId: before.endpointId,
    recent,
    delivered: before.delivered,
    headEventId: attempt.eventId,
    failuresInARow: sameHead ? before.failuresInARow + 1 : 1,
    failingSince: sameHead && before.failingSince !== undefined ? before.failingSince : attempt.at,
  };
}

export function emptyAttemptsView(keep = DEFAULT_KEPT_ATTEMPTS): AttemptsView {
  return { keep, byEndpoint: new Map() };
}

/** The view after one more attempt: a new outer map (O(endpoints)); for streaming use `nextEndpointAttempts` per key. */
export function applyAttempt(view: AttemptsView, attempt: WebhookAttempt): AttemptsView {
  const next = nextEndpointAttempts(view.byEndpoint.get(attempt.endpointId), attempt, view.keep);
  return { keep: view.keep, byEndpoint: new Map(view.byEndpoint).set(attempt.endpointId, next) };
}

/** The view of attempts in topic order. */
export function attemptsView(attempts: Iterable<WebhookAttempt>, keep = DEFAULT_KEPT_ATTEMPTS): AttemptsView {
  const byEndpoint = new Map<string, EndpointAttempts>();
  for (const attempt of attempts) byEndpoint.set(attempt.endpointId, nextEndpointAttempts(byEndpoint.get(attempt.endpointId), attempt, keep));
  return { keep, byEndpoint };
}

/**
 * The first offset of `partition` the endpoint has not had: after the highest one delivered, and
 * never before what existed when it was created (`startAfter`). Events at this offset or later,
 * of the endpoint's types, are its queue.
 */
export function firstUndeliveredOffset(
  endpoint: Pick<WebhookEndpoint, 'startAfter' | 'resumeAfter'>,
  attempts: Pick<EndpointAttempts, 'delivered'> | undefined,
  partition: number,
): string {
  const created = endpoint.startAfter.find((p) => p.partition === partition)?.offset ?? '0';
  const resumed = endpoint.resumeAfter?.partition === partition ? (BigInt(endpoint.resumeAfter.offset) + 1n).toString() : undefined;
  const start = resumed === undefined ? created : laterOffset(resumed, created);
  const delivered = attempts?.delivered.get(partition);
  if (delivered === undefined) return start;
  const afterDelivered = (BigInt(delivered) + 1n).toString();
  return laterOffset(afterDelivered, start);
}

/**
 * The last offset of `partition` an endpoint is done with (its delivery loop's cursor): just before
 * its first undelivered offset, given the highest offset known delivered to it.
 */
export function endpointCursor(endpoint: Pick<WebhookEndpoint, 'startAfter' | 'resumeAfter'>, partition: number, delivered: bigint | undefined): bigint {
  const known = delivered === undefined ? undefined : { delivered: new Map([[partition, delivered.toString()]]) };
  return BigInt(firstUndeliveredOffset(endpoint, known, partition)) - 1n;
}
