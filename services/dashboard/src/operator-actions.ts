import { randomUUID } from 'node:crypto';
import { isResendable, resendFilterStateOf } from '@firstsync/consultation-lifecycle';
import { type GpMessage, isGpPracticeOdsCode, type OpsCommand, type PipelineEvent, type ResendFilter } from '@firstsync/contracts';
import type { SessionUser } from './auth/session-store';
import type { DashboardContext } from './http/context';
import type { IdentityStatus, PatientIdentity } from './patient-identities';
import type { ConsultationFilter } from './read-model/filter';

/** What an operator action came to; routes turn it into a redirect, a page or JSON. */
export type ActionResult<T = { commandIds: string[] }> = { ok: true; value: T } | { ok: false; status: number; title: string };

export const DEFAULT_REASONS = {
  resend: 'Operator resend from the dashboard',
  'resend-set': 'Operator bulk resend from the dashboard',
  'hold-practice': 'Operator hold from the dashboard',
  'release-practice': 'Operator release from the dashboard',
  revealed: 'Operator revealed the patient identifiers and clinical text on the dashboard',
} as const;

/** The contract caps resend-set at 10,000 ids; larger confirmed sets go out as several commands. */
export const MAX_IDS_PER_COMMAND = 10_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * An operator's reason as the audit keeps it: one line, no control or invisible format characters
 * (they could disguise the audit text), well-formed, at most 1000 characters; the default if blank.
 */
export function cleanReason(reason: unknown, fallback: string): string {
  if (typeof reason !== 'string') return fallback;
  const text = reason
    .slice(0, 4000)
    .replace(/[\p{Cc}\p{Zl}\p{Zp}\s]+/gu, ' ')
    // Format characters (bidi overrides, zero-width) and lone surrogates (not encodable) go.
    .replace(/[\p{Cf}\p{Cs}]/gu, '')
    .trim();
  return [...text].slice(0, 1000).join('').trim() || fallback;
}

function base(ctx: DashboardContext, user: SessionUser, reason: string) {
  return { commandId: randomUUID(), requestedAt: ctx.clock.now().toISOString(), requestedBy: user.username, reason };
}

async function publish(ctx: DashboardContext, commands: OpsCommand[]): Promise<ActionResult> {
  try {
    for (const command of commands) await ctx.publisher.publishCommand(command);
  } catch (err) {
    ctx.logger.error({ err, commandIds: commands.map((c) => c.commandId) }, 'could not publish operator command');
    return { ok: false, status: 503, title: 'The command could not be recorded (Kafka unavailable); nothing was sent. Try again shortly.' };
  }
  for (const command of commands)
    ctx.logger.info({ commandId: command.commandId, type: command.type, requestedBy: command.requestedBy }, 'operator command published');
  return { ok: true, value: { commandIds: commands.map((c) => c.commandId) } };
}

export async function requestResend(ctx: DashboardContext, user: SessionUser, consultationId: string, reason: unknown): Promise<ActionResult> {
  if (!isUuid(consultationId)) return { ok: false, status: 404, title: 'No such consultation' };
  const detail = await ctx.readModel.get(consultationId);
  if (!detail) return { ok: false, status: 404, title: 'No such consultation' };
  if (!isResendable(detail.view.state)) return { ok: false, status: 409, title: `A ${detail.view.state} consultation cannot be resent` };
  return publish(ctx, [{ ...base(ctx, user, cleanReason(reason, DEFAULT_REASONS.resend)), type: 'resend', consultationId }]);
}

/** Maps the dashboard's filter to the command's informational filter (only the fields it has). */
export function commandFilter(filter: ConsultationFilter): ResendFilter | undefined {
  const out: ResendFilter = {};
  const states = (filter.states ?? []).flatMap((s) => resendFilterStateOf(s) ?? []);
  if (states.length > 0) out.states = states;
  if (filter.practiceOds && isGpPracticeOdsCode(filter.practiceOds)) out.practiceOds = filter.practiceOds;
  if (filter.pharmacyOds) out.pharmacyOds = filter.pharmacyOds;
  if (filter.service) out.service = filter.service;
  if (filter.from) out.from = filter.from;
  if (filter.to) out.to = filter.to;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Resendable consultations matching the filter: what a bulk resend would send, resolved now. */
export async function resendableIds(ctx: DashboardContext, filter: ConsultationFilter): Promise<string[]> {
  const matching = await ctx.readModel.select(filter, Number.MAX_SAFE_INTEGER);
  return matching.filter((v) => isResendable(v.state)).map((v) => v.consultationId);
}

export async function requestResendSet(
  ctx: DashboardContext,
  user: SessionUser,
  consultationIds: readonly string[],
  filter: ConsultationFilter,
  reason: unknown,
): Promise<ActionResult> {
  if (consultationIds.length === 0) return { ok: false, status: 409, title: 'Nothing to resend' };
  const text = cleanReason(reason, DEFAULT_REASONS['resend-set']);
  const informational = commandFilter(filter);
  const commands: OpsCommand[] = [];
  for (let i = 0; i < consultationIds.length; i += MAX_IDS_PER_COMMAND) {
    commands.push({
      ...base(ctx, user, text),
      type: 'resend-set',
      consultationIds: consultationIds.slice(i, i + MAX_IDS_PER_COMMAND),
      ...(informational ? { filter: informational } : {}),
    });
  }
  return publish(ctx, commands);
}

export async function requestPracticeHold(
  ctx: DashboardContext,
  user: SessionUser,
  practiceOds: string,
  hold: boolean,
  reason: unknown,
): Promise<ActionResult> {
  const ods = practiceOds.trim().toUpperCase();
  if (!isGpPracticeOdsCode(ods)) return { ok: false, status: 400, title: 'Enter a GP practice ODS code: a letter and 5 digits, like A81001' };
  const type = hold ? 'hold-practice' : 'release-practice';
  return publish(ctx, [{ ...base(ctx, user, cleanReason(reason, DEFAULT_REASONS[type])), type, practiceOds: ods }]);
}

/** What a reveal shows: the patient's identifiers and the whole message, clinical free text included. */
export interface Revealed {
  identity: PatientIdentity | null;
  /** Why `identity` is null when it is: dropped at DASHBOARD_IDENTITIES_MAX, or never read. */
  identityStatus: IdentityStatus;
  /** The GP message as delivery sends it, when the dashboard still holds it. */
  message: GpMessage | null;
  at: string;
}

/**
 * Records the reveal on pipeline.events.v1 first and shows the identifiers and the message only
 * once Kafka has acknowledged it: a reveal that cannot be audited does not happen. Routes allow it
 * to operators only.
 */
export async function revealIdentity(ctx: DashboardContext, user: SessionUser, consultationId: string, reason: unknown): Promise<ActionResult<Revealed>> {
  if (!isUuid(consultationId)) return { ok: false, status: 404, title: 'No such consultation' };
  const detail = await ctx.readModel.get(consultationId);
  if (!detail) return { ok: false, status: 404, title: 'No such consultation' };
  const at = ctx.clock.now().toISOString();
  const event: PipelineEvent = {
    eventId: randomUUID(),
    type: 'revealed',
    at,
    source: 'dashboard',
    consultationId,
    actor: user.username,
    reason: cleanReason(reason, DEFAULT_REASONS.revealed),
    ...(detail.view.practiceOds ? { practiceOds: detail.view.practiceOds } : {}),
    ...(detail.view.pharmacyOds ? { pharmacyOds: detail.view.pharmacyOds } : {}),
  };
  try {
    await ctx.publisher.publishEvent(event);
  } catch (err) {
    ctx.logger.error({ err, consultationId }, 'could not record reveal; identifiers not shown');
    return { ok: false, status: 503, title: 'The reveal could not be recorded in the audit log, so the identifiers are not shown. Try again shortly.' };
  }
  ctx.logger.info({ consultationId, actor: user.username }, 'patient identifiers revealed');
  // A `mapped` event means a GP message (and so the identifiers) was on gp-messages.v1.
  const identityStatus = ctx.identities.status(
    consultationId,
    detail.timeline.some((e) => e.type === 'mapped'),
  );
  return {
    ok: true,
    value: { identity: ctx.identities.lookup(consultationId) ?? null, identityStatus, message: ctx.messages.get(consultationId) ?? null, at },
  };
}
