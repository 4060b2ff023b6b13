import type { AckStep, AckTracking } from './ack-state';
import { sentTracking } from './ack-state';

/** The ids of one message handed to MESH: what acknowledgements and reports are matched on. PII-free. */
export interface SentMessage {
  readonly consultationId: string;
  readonly version: number;
  readonly correlationId: string;
  readonly practiceOds: string;
  readonly pharmacyOds: string;
  readonly service: string;
  readonly bundleIdentifier: string;
  readonly messageHeaderId: string;
  readonly senderReference: string;
  /** MESH's id for the upload; MESH reports name it in mex-LinkedMsgID. */
  readonly meshMessageId: string;
}

export interface TrackedMessage {
  readonly sent: SentMessage;
  readonly tracking: AckTracking;
}

/** How long, and how many, finished messages are remembered for late acknowledgements. */
export interface DoneRetention {
  readonly keepDoneMs: number;
  readonly maxDone: number;
}

/** The service's defaults (MESH_KEEP_DONE_MS, MESH_KEEP_DONE_MAX). */
export const DEFAULT_DONE_RETENTION: DoneRetention = { keepDoneMs: 24 * 60 * 60_000, maxDone: 2_000 };

/**
 * Messages sent over MESH and where their acknowledgements stand, shared by the MESH transport
 * (which registers each upload) and the inbox poller (which matches acks to it). In memory: after a
 * restart, acks for earlier uploads cannot be matched until the engine's `sent` events carry these
 * ids and are replayed into `register` (see the report to the engine owner).
 *
 * Finished messages stay for late acknowledgements (a 30001 after a timeout sent the fallback), at
 * most `keepDoneMs` and at most `maxDone` of them (~0.9 KB each): past the count, those the GP
 * system answered go first, oldest first, since a late ack for them only repeats the answer; those
 * closed by a timeout or a MESH report go after. Both bounds apply as messages finish, so an
 * instance that only follows pipeline events (never polls, never calls `prune`) is bounded too.
 */
export class AckTrackingStore {
  private readonly byMesh = new Map<string, TrackedMessage>();
  private readonly byHeader = new Map<string, TrackedMessage>();
  private readonly byBundle = new Map<string, TrackedMessage>();
  private readonly bySender = new Map<string, TrackedMessage>();
  /** Finished uploads by MESH message id, in the order they finished: answered by the GP system, or not. */
  private readonly doneAnswered = new Map<string, SentMessage>();
  private readonly doneUnanswered = new Map<string, SentMessage>();
  /** Resends after an infrastructure-ack timeout, per consultation version (bounded by maxResends). */
  private readonly resends = new Map<string, number>();

  constructor(private readonly retention: DoneRetention = DEFAULT_DONE_RETENTION) {}

  register(sent: SentMessage, sentAt: Date): TrackedMessage {
    const entry: TrackedMessage = { sent, tracking: sentTracking(sentAt, this.resends.get(versionKey(sent)) ?? 0) };
    this.index(entry);
    return entry;
  }

  /** Stores the result of one state-machine step; a retryable final counts as one more resend. */
  apply(entry: TrackedMessage, step: AckStep): TrackedMessage {
    const next: TrackedMessage = { sent: entry.sent, tracking: step.tracking };
    if (step.final?.outcome === 'retryable') this.resends.set(versionKey(entry.sent), entry.tracking.resends + 1);
    if (step.final?.outcome === 'delivered' || step.final?.outcome === 'permanent' || step.final?.outcome === 'needs-fallback')
      this.resends.delete(versionKey(entry.sent));
    // Only replace what still points at this upload: a resend of the same version has its own entry.
    for (const [map, key] of this.keys(entry.sent)) if (map.get(key)?.sent.meshMessageId === entry.sent.meshMessageId) map.set(key, next);
    if (step.final && step.tracking.phase === 'done' && entry.tracking.phase !== 'done') {
      const answered = step.final.outcome === 'delivered' || step.final.outcome === 'permanent';
      (answered ? this.doneAnswered : this.doneUnanswered).set(entry.sent.meshMessageId, entry.sent);
      if (step.tracking.doneAt) this.prune(step.tracking.doneAt);
    }
    return next;
  }

  /** The upload MESH knows by this id, as the store has it now. */
  find(meshMessageId: string | null): TrackedMessage | undefined {
    return meshMessageId ? this.byMesh.get(meshMessageId) : undefined;
  }

  /** MESH report: the linked upload, else the local id we set (the Bundle identifier). */
  forReport(linkedMessageId: string | null, localId: string | null): TrackedMessage | undefined {
    return this.find(linkedMessageId) ?? (localId ? this.byBundle.get(localId) : undefined);
  }

  /** ITK3 ack: the acknowledged MessageHeader id (unique per version), else the echoed SenderReference. */
  forItkAck(messageHeaderId: string, senderReference: string | null): TrackedMessage | undefined {
    return this.byHeader.get(messageHeaderId) ?? (senderReference ? this.bySender.get(senderReference) : undefined);
  }

  /** The awaited uploads of one consultation version (a replay closes them on a recorded final outcome). */
  awaitingVersion(consultationId: string, version: number): TrackedMessage[] {
    return this.awaiting().filter((entry) => entry.sent.consultationId === consultationId && entry.sent.version === version);
  }

  /** Messages still waiting for an acknowledgement (for the timeout sweep). */
  awaiting(): TrackedMessage[] {
    return [...this.byMesh.values()].filter((entry) => entry.tracking.phase !== 'done');
  }

  /** Forgets finished messages past the retention's age and count; returns how many. */
  prune(now: Date): number {
    const cutoff = now.getTime() - this.retention.keepDoneMs;
    let removed = 0;
    for (const done of [this.doneAnswered, this.doneUnanswered]) {
      for (const [meshMessageId, sent] of done) {
        const doneAt = this.find(meshMessageId)?.tracking.doneAt;
        if (doneAt && doneAt.getTime() > cutoff) break;
        removed += this.forget(done, sent);
      }
    }
    for (const done of [this.doneAnswered, this.doneUnanswered]) {
      for (const sent of done.values()) {
        if (this.doneAnswered.size + this.doneUnanswered.size <= this.retention.maxDone) break;
        removed += this.forget(done, sent);
      }
    }
    return removed;
  }

  get size(): number {
    return this.byMesh.size;
  }

  private forget(done: Map<string, SentMessage>, sent: SentMessage): number {
    done.delete(sent.meshMessageId);
    for (const [map, key] of this.keys(sent)) if (map.get(key)?.sent.meshMessageId === sent.meshMessageId) map.delete(key);
    return 1;
  }

  private index(entry: TrackedMessage): void {
    for (const [map, key] of this.keys(entry.sent)) map.set(key, entry);
  }

  private keys(sent: SentMessage): [Map<string, TrackedMessage>, string][] {
    return [
      [this.byMesh, sent.meshMessageId],
      [this.byHeader, sent.messageHeaderId],
      [this.byBundle, sent.bundleIdentifier],
      [this.bySender, sent.senderReference],
    ];
  }
}

function versionKey(sent: SentMessage): string {
  return `${sent.consultationId}|${sent.version}`;
}
