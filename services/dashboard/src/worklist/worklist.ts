import { randomUUID } from 'node:crypto';
import type { Clock, PipelineEvent } from '@firstsync/contracts';
import type { Logger } from '@firstsync/logging';
import { type FollowUp, followUpOfPipeline } from '@firstsync/pharmacy-events';
import type { Session } from '../auth/session-store';
import type { CommandPublisher } from '../kafka/command-publisher';
import { BoundedMap } from '../memory/bounded-map';
import { type ActionResult, isUuid } from '../operator-actions';
import type { PatientIdentities, PatientIdentity } from '../patient-identities';
import type { ConsultationView } from '../read-model/derive-consultation';
import type { ReadModel } from '../read-model/read-model';
import { FOLLOW_UP_OUTCOMES, isFollowUpOutcome } from './follow-up-outcomes';

/** What the worklist needs of the dashboard (its DashboardContext has all of it). */
export interface WorklistDeps {
  readModel: ReadModel;
  identities: PatientIdentities;
  publisher: CommandPublisher;
  clock: Clock;
  logger: Logger;
}

/** One consultation a pharmacy should follow up, with what to do and (direct care) who it is about. */
export interface WorklistItem {
  followUp: FollowUp;
  view: ConsultationView;
  /** Null when the dashboard does not hold the GP message, or the view could not be audited. */
  identity: PatientIdentity | null;
}

/** Items listed at most; the oldest problems beyond it wait for the next page load. */
export const WORKLIST_MAX_ITEMS = 500;

export const SHOWN_REASON = 'Pharmacy staff viewed their follow-up worklist (direct care)';

/** The follow-up a `followed-up` event closed: the pharmacy event that put the item on the list. */
const closedEventId = (event: PipelineEvent): string | undefined =>
  event.type === 'followed-up' && typeof event.details?.followUpEventId === 'string' ? event.details.followUpEventId : undefined;

/**
 * The consultation's open follow-up from its events (in the read model's order), or undefined: the
 * rules are @firstsync/pharmacy-events' `followUpOfPipeline`; an item stays closed once someone
 * marked that very problem followed up, and comes back only with a new problem (a new event).
 */
export function openFollowUp(timeline: readonly PipelineEvent[]): FollowUp | undefined {
  const followUp = followUpOfPipeline(timeline);
  if (!followUp) return undefined;
  return timeline.some((e) => closedEventId(e) === followUp.eventId) ? undefined : followUp;
}

/**
 * Remembers each consultation's open follow-up by how many events it had, so a page load only
 * re-projects the consultations that changed since the last one. Bounded (DASHBOARD_WORKLIST_CACHE_MAX):
 * the entries written longest ago are dropped first, and a dropped one is simply projected again.
 */
export class WorklistCache {
  readonly #entries: BoundedMap<string, { eventCount: number; followUp: FollowUp | undefined }>;

  constructor(maxEntries: number) {
    this.#entries = new BoundedMap(maxEntries);
  }

  get size(): number {
    return this.#entries.size;
  }

  async openFor(ctx: Pick<WorklistDeps, 'readModel'>, view: ConsultationView): Promise<FollowUp | undefined> {
    const cached = this.#entries.get(view.consultationId);
    if (cached && cached.eventCount === view.eventCount) return cached.followUp;
    const detail = await ctx.readModel.get(view.consultationId);
    const followUp = detail ? openFollowUp(detail.timeline) : undefined;
    this.#entries.set(view.consultationId, { eventCount: detail?.view.eventCount ?? view.eventCount, followUp });
    return followUp;
  }
}

/**
 * The pharmacy's open follow-ups, oldest problem first. Identifiers are shown to pharmacy staff
 * (direct care, their own pharmacy's patients) without a reveal step, but never unaudited: each
 * consultation shown to a session is first recorded by one `revealed` event; if that cannot be
 * recorded, the identifiers are not shown.
 */
export async function pharmacyWorklist(ctx: WorklistDeps, cache: WorklistCache, session: Session, pharmacyOds: string): Promise<WorklistItem[]> {
  const open: { followUp: FollowUp; view: ConsultationView }[] = [];
  for (const view of await ctx.readModel.select({ pharmacyOds }, Number.MAX_SAFE_INTEGER)) {
    const followUp = await cache.openFor(ctx, view);
    if (followUp) open.push({ followUp, view });
  }
  open.sort((a, b) => Date.parse(a.followUp.since) - Date.parse(b.followUp.since));
  const listed = open.slice(0, WORKLIST_MAX_ITEMS);
  const audited = await recordShown(
    ctx,
    session,
    listed.map((item) => item.view),
  );
  return listed.map(({ followUp, view }) => ({
    followUp,
    view,
    identity: audited.has(view.consultationId) ? (ctx.identities.lookup(view.consultationId) ?? null) : null,
  }));
}

async function recordShown(ctx: WorklistDeps, session: Session, views: readonly ConsultationView[]): Promise<Set<string>> {
  session.shownIdentities ??= new Set();
  const shown = session.shownIdentities;
  const due = views.filter((v) => !shown.has(v.consultationId) && ctx.identities.has(v.consultationId));
  const at = ctx.clock.now().toISOString();
  const results = await Promise.allSettled(
    due.map(async (view) => {
      await ctx.publisher.publishEvent({
        eventId: randomUUID(),
        type: 'revealed',
        at,
        source: 'dashboard',
        consultationId: view.consultationId,
        actor: session.user.username,
        reason: SHOWN_REASON,
        ...(view.version === undefined ? {} : { version: view.version }),
        ...(view.practiceOds ? { practiceOds: view.practiceOds } : {}),
        ...(view.pharmacyOds ? { pharmacyOds: view.pharmacyOds } : {}),
      });
      shown.add(view.consultationId);
    }),
  );
  const failed = results.filter((r) => r.status === 'rejected').length;
  if (failed > 0) ctx.logger.error({ failed, actor: session.user.username }, 'could not record worklist identifiers as shown; they stay hidden');
  else if (due.length > 0) ctx.logger.info({ consultations: due.length, actor: session.user.username }, 'worklist identifiers shown');
  return shown;
}

/**
 * Marks a pharmacy's open follow-up done: publishes a `followed-up` event (who, the chosen outcome,
 * which problem) and waits for Kafka's acknowledgement, then applies it here at once so the item
 * leaves this instance's worklist now (every other instance drops it when it reads the event).
 * Another pharmacy's consultation answers exactly like an unknown one.
 */
export async function markFollowedUp(
  ctx: WorklistDeps,
  username: string,
  pharmacyOds: string,
  consultationId: string,
  form: { outcome?: unknown; followUpEventId?: unknown },
): Promise<ActionResult<{ eventId: string }>> {
  const notFound = { ok: false, status: 404, title: 'No such consultation on your worklist' } as const;
  if (!isUuid(consultationId)) return notFound;
  const detail = await ctx.readModel.get(consultationId);
  if (!detail || detail.view.pharmacyOds !== pharmacyOds) return notFound;
  if (!isFollowUpOutcome(form.outcome)) return { ok: false, status: 400, title: 'Choose what you did' };
  const followUp = openFollowUp(detail.timeline);
  // The form names the problem it was shown: a different one now (or none) means the page is stale.
  if (!followUp || followUp.eventId !== form.followUpEventId)
    return { ok: false, status: 409, title: 'This item has changed or was already followed up. Reload the worklist.' };
  const event: PipelineEvent = {
    eventId: randomUUID(),
    type: 'followed-up',
    at: ctx.clock.now().toISOString(),
    source: 'dashboard',
    consultationId,
    version: followUp.version,
    pharmacyOds,
    ...(detail.view.practiceOds ? { practiceOds: detail.view.practiceOds } : {}),
    actor: username,
    code: form.outcome,
    reason: FOLLOW_UP_OUTCOMES[form.outcome],
    details: { followUpReason: followUp.reason, followUpEventId: followUp.eventId },
  };
  try {
    await ctx.publisher.publishEvent(event);
  } catch (err) {
    ctx.logger.error({ err, consultationId }, 'could not record follow-up');
    return { ok: false, status: 503, title: 'The follow-up could not be recorded (Kafka unavailable). Try again shortly.' };
  }
  // Idempotent by eventId: the copy read back from Kafka later is a duplicate.
  await ctx.readModel.apply(event);
  ctx.logger.info({ consultationId, actor: username, outcome: form.outcome, followUp: followUp.reason }, 'worklist item followed up');
  return { ok: true, value: { eventId: event.eventId } };
}
