import type { WebhookAttempt, WebhookAttemptError } from '@firstsync/contracts';
import { nextDelay } from '@firstsync/standard-webhooks';
import type { FeedEntry } from '../feed/feed-store';

export type NextEntry =
  | { readonly kind: 'send'; readonly entry: FeedEntry }
  /** Every entry of the page is of a type the endpoint did not subscribe to: move past them. */
  | { readonly kind: 'skip'; readonly cursor: bigint }
  | { readonly kind: 'wait' };

/** The next event to send from a page of the feed after the cursor, in feed order. */
export function nextEntry(page: readonly FeedEntry[], eventTypes: readonly string[]): NextEntry {
  const entry = page.find((candidate) => eventTypes.includes(candidate.event.type));
  if (entry) return { kind: 'send', entry };
  const last = page[page.length - 1];
  return last ? { kind: 'skip', cursor: last.offset } : { kind: 'wait' };
}

/** Failed attempts of the event in hand that still count against the schedule. */
export interface RetryState {
  readonly eventId: string;
  readonly failures: number;
  /** When the first counted failure happened: the disabled reason says since when. */
  readonly since?: string;
  /** Not before then: a retry another instance (or this one, before a restart) scheduled. */
  readonly notBefore?: number;
}

/**
 * Seeds the retry state from recorded attempts, so a restart or a new owner continues the same
 * schedule rather than starting it over. Attempts before the endpoint last changed do not count:
 * re-enabling an endpoint (or fixing its URL) gives the event a fresh schedule.
 */
export function retryStateOf(attempts: readonly WebhookAttempt[], eventId: string, countFrom: string | undefined): RetryState {
  const from = countFrom ? Date.parse(countFrom) : Number.NEGATIVE_INFINITY;
  const counted = attempts.filter((attempt) => attempt.eventId === eventId && attempt.outcome === 'failed' && Date.parse(attempt.at) >= from);
  if (counted.length === 0) return { eventId, failures: 0 };
  const byTime = [...counted].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const first = byTime[0];
  const last = byTime[byTime.length - 1];
  return {
    eventId,
    failures: counted.length,
    ...(first ? { since: first.at } : {}),
    ...(last?.nextAttemptAt ? { notBefore: Date.parse(last.nextAttemptAt) } : {}),
  };
}

export type AfterFailure = { readonly kind: 'retry'; readonly delayMs: number; readonly nextAttemptAt: Date } | { readonly kind: 'exhausted' };

/** After the `failures`-th failed attempt of an event: wait and retry, or give up on the endpoint. */
export function afterFailure(failures: number, schedule: readonly number[], random: () => number, now: Date): AfterFailure {
  const delayMs = nextDelay(failures, schedule, random);
  if (delayMs === undefined) return { kind: 'exhausted' };
  return { kind: 'retry', delayMs, nextAttemptAt: new Date(now.getTime() + delayMs) };
}

/** Why an endpoint whose next events are no longer kept was disabled (PII-free; shown to the pharmacy and to ops). */
export function fellBehindReason(cursor: bigint): string {
  return `fell behind: events from feed offset ${cursor + 1n} on are no longer kept for delivery; check those consultations with GET /v1/consultations/{id}, then enable the endpoint to carry on from the oldest event kept`;
}

/** PII-free: counts, times, error kinds and status codes only (shown to the pharmacy and to ops). */
export function disabledReason(
  failures: number,
  since: string | undefined,
  lastError: WebhookAttemptError | undefined,
  lastStatus: number | undefined,
): string {
  const last = lastError === 'http-status' && lastStatus !== undefined ? `HTTP ${lastStatus}` : (lastError ?? 'unknown');
  return `delivery failed ${failures} times${since ? ` since ${since}` : ''}; last error: ${last}`;
}
