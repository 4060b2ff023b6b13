import { randomUUID } from 'node:crypto';
import type { WebhookAttempt } from '@firstsync/contracts';
import type { Logger } from '@firstsync/logging';
import type { WebhookObserver } from '@firstsync/metrics';
import { activeSecrets, endpointCursor, type WebhookEndpoint } from '@firstsync/pharmacy-events';
import { decryptSecret, signHeaders } from '@firstsync/standard-webhooks';
import type { FeedEntry, PharmacyFeed } from '../feed/feed-store';
import type { AttemptsReader, EndpointRegistry } from '../registry/endpoint-registry';
import { type AttemptRecorder, createAttemptRecorder } from './attempt-recorder';
import { type AttemptVerdict, classifyResult } from './classify';
import { DISPATCH_DEFAULTS, type DispatchConfig } from './config';
import { type Limiter, sleep } from './limiter';
import { afterFailure, disabledReason, fellBehindReason, nextEntry, type RetryState, retryStateOf } from './loop-step';
import type { WebhookSender } from './send-webhook';

/** Feed entries looked at per read. */
const PAGE = 100;
/** Recorded attempts consulted to continue an event's retry schedule after a restart or a new owner. */
const RECENT_ATTEMPTS = 200;
/** Wait before trying again when writing to Kafka failed (the registry or the attempts topic). */
const KAFKA_RETRY_MS = 2_000;

export interface LoopDeps {
  readonly feed: PharmacyFeed;
  readonly endpoints: EndpointRegistry;
  readonly attempts: AttemptsReader;
  readonly sender: WebhookSender;
  readonly limiter: Limiter;
  readonly config: DispatchConfig;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly random: () => number;
  /** Delivered offsets this instance knows of, surviving a loop's restart (the attempts view may lag our own writes). */
  readonly cursors: Map<string, bigint>;
  /** Resolves when the pharmacy's feed grows or the signal aborts; armed before the feed is read, so no append is missed. */
  readonly appended: (pharmacyOds: string) => { readonly wait: (signal: AbortSignal) => Promise<void>; readonly cancel: () => void };
  /** Attempts and system disables, for Prometheus. */
  readonly observer?: WebhookObserver;
}

/** Why a loop ended by itself (the dispatcher must not restart it until the registry changes). */
export type LoopEnd = 'stopped' | 'not-deliverable' | 'exhausted' | 'fell-behind';

function isDeliverable(endpoint: WebhookEndpoint | undefined): endpoint is WebhookEndpoint {
  return endpoint !== undefined && !endpoint.deleted && endpoint.status === 'enabled';
}

/** Every secret that signs now, decrypted: during a rotation overlap, the new one and the previous one. */
function signingSecrets(endpoint: WebhookEndpoint, key: Buffer, now: Date): string[] {
  return activeSecrets(endpoint, now).map((secret) => decryptSecret(secret, key));
}

/**
 * One endpoint's delivery loop: strictly in feed order, one request at a time, so its failures and
 * waits hold back only itself. Returns when the endpoint is no longer deliverable, when the retry
 * schedule of an event ran out (after disabling the endpoint), or when the signal aborts.
 */
export async function runEndpointLoop(deps: LoopDeps, endpointId: string, signal: AbortSignal): Promise<LoopEnd> {
  const recorder = createAttemptRecorder((attempt) => deps.attempts.record(attempt), deps.logger.child({ endpointId }));
  try {
    return await deliverInOrder(deps, endpointId, signal, recorder);
  } finally {
    // The next owner (or this loop's restart) continues from what was recorded.
    await recorder.drain();
  }
}

async function deliverInOrder(deps: LoopDeps, endpointId: string, signal: AbortSignal, recorder: AttemptRecorder): Promise<LoopEnd> {
  const { feed, endpoints, attempts, config } = deps;
  const first = endpoints.get(endpointId);
  if (!isDeliverable(first)) return 'not-deliverable';
  const pharmacyOds = first.pharmacyOds;
  const partition = feed.partitionOf(pharmacyOds);
  if (partition === undefined) return 'not-deliverable';
  const log = deps.logger.child({ endpointId, pharmacyOds });

  let delivered: bigint | undefined;
  for (const known of [attempts.cursorOf(endpointId), deps.cursors.get(endpointId)])
    if (known !== undefined && (delivered === undefined || known > delivered)) delivered = known;
  let cursor = endpointCursor(first, partition, delivered);
  let retry: RetryState | undefined;

  while (!signal.aborted) {
    const endpoint = endpoints.get(endpointId);
    if (!isDeliverable(endpoint)) return 'not-deliverable';
    // Events after the cursor were dropped (the per-pharmacy bound or retention) before this endpoint
    // had them: never skip them silently. Disabled with the reason; its owner's enable accepts the gap.
    if (!feed.complete(pharmacyOds, partition, cursor)) {
      try {
        await endpoints.append({ kind: 'disabled', endpointId, reason: fellBehindReason(cursor), by: 'system', at: deps.now().toISOString() });
        deps.observer?.disabled('fell-behind');
        log.error({ cursor: cursor.toString() }, 'webhook endpoint fell behind the events kept; disabled');
        return 'fell-behind';
      } catch (err) {
        log.warn({ err }, 'could not disable the webhook endpoint that fell behind; will try again');
        if (!(await sleep(KAFKA_RETRY_MS, signal))) break;
        continue;
      }
    }
    const appended = deps.appended(pharmacyOds);
    const next = nextEntry(feed.after(pharmacyOds, cursor, PAGE), endpoint.eventTypes);
    if (next.kind !== 'wait') appended.cancel();
    if (next.kind === 'wait') {
      await appended.wait(signal);
      continue;
    }
    if (next.kind === 'skip') {
      cursor = next.cursor;
      continue;
    }
    const { entry } = next;
    if (retry?.eventId !== entry.event.eventId) retry = retryStateOf(attempts.recent(endpointId, RECENT_ATTEMPTS), entry.event.eventId, endpoint.updatedAt);
    if (retry.notBefore !== undefined && retry.notBefore > deps.now().getTime()) {
      if (!(await sleep(retry.notBefore - deps.now().getTime(), signal))) break;
      retry = { ...retry, notBefore: undefined };
      continue; // the endpoint may have changed while we waited
    }

    const release = await deps.limiter.acquire(signal);
    if (!release) break;
    const sentAt = deps.now();
    let sent: Awaited<ReturnType<WebhookSender['send']>>;
    try {
      const body = JSON.stringify(entry.event);
      const headers = {
        ...signHeaders({ id: entry.event.eventId, timestamp: sentAt, body, secrets: signingSecrets(endpoint, config.secretKey, sentAt) }),
        'content-type': 'application/json',
        'user-agent': config.userAgent ?? DISPATCH_DEFAULTS.userAgent,
      };
      sent = await deps.sender.send({ url: endpoint.url, headers, body }, signal);
    } finally {
      release();
    }
    if (sent.result.kind === 'stopped') break;

    const verdict = classifyResult(sent.result);
    const attemptNo = retry.failures + 1;
    deps.observer?.attempted(verdict.outcome, verdict.error);
    if (verdict.outcome === 'delivered') {
      await recorder.record(attemptOf(entry, endpointId, attemptNo, sentAt, sent.durationMs, verdict));
      cursor = entry.offset;
      deps.cursors.set(endpointId, cursor);
      retry = undefined;
      continue;
    }

    const failures = attemptNo;
    const since = retry.since ?? sentAt.toISOString();
    const step = afterFailure(failures, config.retryScheduleMs, deps.random, deps.now());
    await recorder.record({
      ...attemptOf(entry, endpointId, attemptNo, sentAt, sent.durationMs, verdict),
      ...(step.kind === 'retry' ? { nextAttemptAt: step.nextAttemptAt.toISOString() } : {}),
    });
    log.info({ eventId: entry.event.eventId, attempt: attemptNo, error: verdict.error, status: verdict.status }, 'webhook attempt failed');
    if (step.kind === 'exhausted') {
      const reason = disabledReason(failures, since, verdict.error, verdict.status);
      try {
        await endpoints.append({ kind: 'disabled', endpointId, reason, by: 'system', at: deps.now().toISOString() });
        deps.observer?.disabled('exhausted');
        log.warn({ failures }, 'webhook endpoint disabled: retry schedule exhausted');
        return 'exhausted';
      } catch (err) {
        // Not disabled after all: wait and let the loop try the event again (and disable it again).
        log.warn({ err }, 'could not disable the webhook endpoint; will try again');
        retry = { eventId: entry.event.eventId, failures: failures - 1, since };
        if (!(await sleep(KAFKA_RETRY_MS, signal))) break;
        continue;
      }
    }
    retry = { eventId: entry.event.eventId, failures, since };
    if (!(await sleep(step.delayMs, signal))) break;
  }
  return 'stopped';
}

function attemptOf(entry: FeedEntry, endpointId: string, attempt: number, at: Date, durationMs: number, verdict: AttemptVerdict): WebhookAttempt {
  return {
    attemptId: randomUUID(),
    endpointId,
    pharmacyOds: entry.event.data.pharmacyOds,
    eventId: entry.event.eventId,
    eventType: entry.event.type,
    consultationId: entry.event.data.consultationId,
    partition: entry.partition,
    feedOffset: entry.offset.toString(),
    attempt,
    at: at.toISOString(),
    durationMs,
    ...verdict,
  };
}
