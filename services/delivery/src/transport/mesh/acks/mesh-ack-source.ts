import { type Clock, createPipelineEvent, type PipelineEvent, systemClock } from '@firstsync/contracts';
import type { Logger } from '@firstsync/logging';
import { type InboxMessage, type MeshClient, WORKFLOW } from '@firstsync/mesh';
import type { MeshAckObserver } from '@firstsync/metrics';
import { tryParseItkAck } from '@firstsync/update-record';
import { Semaphore } from '../../../concurrency/semaphore';
import type { Acknowledgement, AcknowledgementSource } from '../../port';
import { type AckEvent, type AckStep, type AckTimeouts, nextAckStep } from './ack-state';
import type { AckTrackingStore, TrackedMessage } from './ack-tracking-store';
import type { InboxCoordination } from './inbox-ownership';

export interface MeshAckSourceOptions {
  readonly client: MeshClient;
  readonly store: AckTrackingStore;
  readonly timeouts: AckTimeouts;
  readonly pollIntervalMs: number;
  /**
   * Writes progress events (inf-ack, bus-ack, mesh-report) durably, e.g. to pipeline.events; the
   * MESH message is acknowledged only after it resolved. Final outcomes go to `onAck` instead.
   */
  readonly publish: (events: PipelineEvent[]) => Promise<void>;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Rebuilds the tracking before the first poll (after a restart), e.g. pipelineReplay(...). */
  readonly replay?: (store: AckTrackingStore) => Promise<void>;
  /** Poll health, ack timings and timeouts for Prometheus. */
  readonly metrics?: MeshAckObserver;
  /**
   * Replicas (inbox-ownership.ts): only the owner polls and sweeps timeouts, and the tracking
   * follows pipeline.events continuously; takes the place of `replay`. Unset: this instance alone
   * drains the inbox.
   */
  readonly coordination?: InboxCoordination;
}

export interface MeshAckSource extends AcknowledgementSource {
  /** One inbox poll and timeout sweep (the timer calls it; tests may call it directly). */
  pollOnce(): Promise<{ handled: number; unmatched: number; timedOut: number }>;
}

/** Inbox messages downloaded, and sent messages settled, at once per poll. */
const INBOX_CONCURRENCY = 8;

/** Runs `work` over `items`, at most `limit` at a time; results in the items' order; the first failure rejects. */
function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const slots = new Semaphore(limit);
  return Promise.all(items.map((item) => slots.run(() => work(item))));
}

/**
 * Polls our MESH inbox for ITK3 responses (GPCONNECT_UPDATE_RECORD_ACK) and MESH reports, matches
 * each to the message it answers, runs the acknowledgement state machine, and only then
 * acknowledges it in MESH: a crash in between leaves it in the inbox for the next poll
 * (at-least-once; the engine's records for a repeated final outcome are idempotent in effect).
 */
export function createMeshAckSource(options: MeshAckSourceOptions): MeshAckSource {
  const { client, store, logger } = options;
  const clock = options.clock ?? systemClock;
  let onAck: ((ack: Acknowledgement) => Promise<void>) | null = null;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = true;
  // Messages for other workflows sharing the mailbox are left alone; remembered so they are not downloaded every poll.
  const notOurs = new Set<string>();
  // Inbox messages that matched nothing tracked, by when they were first seen (see unmatchedGraceMs).
  const unmatchedSince = new Map<string, number>();
  const unmatchedGraceMs = options.coordination?.unmatchedGraceMs ?? 0;
  const stillOwner = (): boolean => options.coordination?.isOwner() ?? true;
  let owning = false;

  function progressEvent(entry: TrackedMessage, step: AckStep, meshMessageId: string): PipelineEvent[] {
    if (!step.progress) return [];
    const { sent } = entry;
    return [
      createPipelineEvent(
        {
          type: step.progress.type,
          source: 'delivery',
          consultationId: sent.consultationId,
          version: sent.version,
          correlationId: sent.correlationId,
          pharmacyOds: sent.pharmacyOds,
          practiceOds: sent.practiceOds,
          service: sent.service,
          transport: 'mesh',
          code: step.progress.code,
          message: step.progress.message,
          details: {
            positive: step.progress.positive,
            bundleIdentifier: sent.bundleIdentifier,
            meshMessageId: sent.meshMessageId,
            inboxMessageId: meshMessageId,
            late: entry.tracking.phase === 'done',
          },
        },
        () => clock.now(),
      ),
    ];
  }

  function observe(entry: TrackedMessage, event: AckEvent, step: AckStep): void {
    const metrics = options.metrics;
    if (!metrics) return;
    if (event.kind === 'itk')
      metrics.acknowledged(event.level === 'infrastructure' ? 'inf' : 'bus', (event.at.getTime() - entry.tracking.sentAt.getTime()) / 1000);
    else if (event.kind === 'tick' && (step.final?.code === 'inf-ack-timeout' || step.final?.code === 'bus-ack-timeout')) metrics.timedOut(step.final.code);
  }

  async function settle(matched: TrackedMessage, event: AckEvent, inboxMessageId: string | null): Promise<AckStep> {
    // The store's current state: an earlier answer in the same poll may have moved it on (or closed it).
    const entry = store.find(matched.sent.meshMessageId) ?? matched;
    const step = nextAckStep(entry.tracking, event, options.timeouts);
    observe(entry, event, step);
    const events = inboxMessageId ? progressEvent(entry, step, inboxMessageId) : [];
    if (events.length > 0) await options.publish(events);
    if (step.final && onAck) {
      const { sent } = entry;
      await onAck({
        consultationId: sent.consultationId,
        version: sent.version,
        practiceOds: sent.practiceOds,
        bundleIdentifier: sent.bundleIdentifier,
        transport: 'mesh',
        outcome: step.final.outcome,
        code: step.final.code,
        message: step.final.message,
        receivedAt: clock.now(),
      });
    }
    store.apply(entry, step);
    return step;
  }

  type Matched = { kind: 'matched'; entry: TrackedMessage; event: AckEvent } | { kind: 'unmatched' } | { kind: 'not-ours' };

  /** Which tracked message an inbox message answers (pure lookups, no I/O). */
  function match(message: InboxMessage): Matched {
    const at = clock.now();
    if (message.messageType === 'REPORT' && message.report) {
      const entry = store.forReport(message.report.linkedMessageId, message.localId);
      if (!entry) return { kind: 'unmatched' };
      return { kind: 'matched', entry, event: { kind: 'report', statusCode: message.report.statusCode, success: message.report.success, at } };
    }
    if (message.workflowId !== WORKFLOW.updateRecordAck) return { kind: 'not-ours' };
    const ack = tryParseItkAck(message.body);
    if (!ack) {
      logger.warn({ inboxMessageId: message.messageId }, 'MESH message on the ack workflow is not an ITK3 response; acknowledged and dropped');
      return { kind: 'unmatched' };
    }
    const entry = store.forItkAck(ack.messageHeaderId, ack.senderReference);
    if (!entry) {
      logger.warn(
        { inboxMessageId: message.messageId, code: ack.code, responderOds: ack.responderOds },
        'ITK3 acknowledgement for a message this instance did not send (or no longer tracks)',
      );
      return { kind: 'unmatched' };
    }
    return { kind: 'matched', entry, event: { kind: 'itk', level: ack.kind, code: ack.code, positive: ack.positive, at } };
  }

  /**
   * Downloads run side by side, then the answers to one sent message are settled in inbox order
   * (an infrastructure ack before the business ack that follows it) while different messages'
   * answers settle concurrently: their Kafka writes share requests instead of queueing one by one.
   */
  async function pollOnce() {
    let handled = 0;
    let unmatched = 0;
    const ids = (await client.listInbox()).filter((id) => !notOurs.has(id));
    const listed = new Set(ids);
    for (const id of unmatchedSince.keys()) if (!listed.has(id)) unmatchedSince.delete(id);
    // Matched as each arrives, so a poll keeps what it found and not the page of bodies (up to 5,000).
    const matches = await mapLimited(ids, INBOX_CONCURRENCY, async (id) => match(await client.download(id)));
    const perSent = new Map<TrackedMessage, { id: string; event: AckEvent }[]>();
    const unmatchedIds: string[] = [];
    matches.forEach((found, i) => {
      const id = ids[i];
      if (id === undefined) return;
      if (found.kind === 'not-ours') notOurs.add(id);
      else if (found.kind === 'unmatched') unmatchedIds.push(id);
      else perSent.set(found.entry, [...(perSent.get(found.entry) ?? []), { id, event: found.event }]);
    });
    await mapLimited([...perSent], INBOX_CONCURRENCY, async ([entry, answers]) => {
      for (const { id, event } of answers) {
        // Ownership moved mid-poll: the rest stays in the inbox for the new owner.
        if (!stillOwner()) return;
        unmatchedSince.delete(id);
        await settle(entry, event, id);
        await client.acknowledge(id);
        handled += 1;
      }
    });
    // With replicas, an ack can be polled before the `sent` event of the instance that uploaded the
    // message has been read: it stays in the inbox for a grace period before it is dropped.
    const nowMs = clock.now().getTime();
    const dropNow = unmatchedIds.filter((id) => {
      const since = unmatchedSince.get(id) ?? nowMs;
      unmatchedSince.set(id, since);
      return nowMs - since >= unmatchedGraceMs;
    });
    await mapLimited(dropNow, INBOX_CONCURRENCY, async (id) => {
      if (!stillOwner()) return;
      await client.acknowledge(id);
      unmatchedSince.delete(id);
      unmatched += 1;
    });
    if (!stillOwner()) return { handled, unmatched, timedOut: 0 };
    let timedOut = 0;
    const now = clock.now();
    for (const entry of store.awaiting()) {
      const step = await settle(entry, { kind: 'tick', now }, null);
      if (step.final) timedOut += 1;
    }
    store.prune(now);
    if (notOurs.size > 10_000) notOurs.clear();
    return { handled, unmatched, timedOut };
  }

  /** Polls when this instance owns the inbox; a new owner first catches up with what the others did. */
  async function pollIfOwner(): Promise<boolean> {
    if (!stillOwner()) {
      if (owning) logger.info('MESH inbox: ownership moved to another instance; this one stops polling');
      owning = false;
      return false;
    }
    if (!owning) {
      await options.coordination?.catchUp();
      owning = true;
      if (options.coordination) logger.info('MESH inbox: this instance owns the inbox and polls it');
    }
    await pollOnce();
    return true;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      running = pollIfOwner()
        .then((polled) => {
          if (polled) options.metrics?.pollSucceeded(clock.now());
        })
        .catch((error: unknown) => {
          options.metrics?.pollFailed();
          logger.warn({ err: error }, 'MESH inbox poll failed; trying again next interval');
        })
        .finally(() => {
          running = null;
          schedule();
        });
    }, options.pollIntervalMs);
  }

  return {
    pollOnce,
    async start(handler) {
      onAck = handler;
      stopped = false;
      if (options.coordination) await options.coordination.start(store);
      else if (options.replay) await options.replay(store);
      // MESH expects a handshake when a client starts (and daily); a failure is not fatal, polls retry.
      await client.handshake().catch((error: unknown) => logger.warn({ err: error }, 'MESH handshake failed'));
      schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      await options.coordination?.stop();
    },
  };
}
