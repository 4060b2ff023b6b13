import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DashboardContext } from '../http/context';
import { type FilterQuery, filterQueryString, parseFilterQuery } from '../http/filter-params';
import { renderPage } from '../http/render';
import { type Guard, guardedSession } from '../http/session-plugin';
import { type ActionResult, isUuid, requestPracticeHold, requestResend, requestResendSet, resendableIds, revealIdentity } from '../operator-actions';
import { bulkResendPage } from '../views/bulk-resend-page';
import { consultationPage } from '../views/consultation-page';
import { errorPage } from '../views/login-page';

/** Back to the consultation, or to the list when the id is not one (nothing sent is echoed into a URL). */
function consultationPath(id: string): string {
  return isUuid(id) ? `/consultations/${id}` : '/consultations';
}

interface ReasonBody {
  reason?: unknown;
}

/** HTML form endpoints for operator actions: post, then redirect (or render) with a message. */
export function registerActionRoutes(app: FastifyInstance, ctx: DashboardContext, guards: { operator: Guard }): void {
  const opts = { preHandler: guards.operator };

  const failed = (request: FastifyRequest, reply: FastifyReply, result: Extract<ActionResult<unknown>, { ok: false }>, back: string) =>
    renderPage(request, reply, {
      title: 'Action not carried out',
      status: result.status,
      body: errorPage('The action was not carried out', result.title, { href: back, text: 'Go back' }),
    });

  app.post<{ Params: { id: string }; Body: ReasonBody }>('/consultations/:id/resend', opts, async (request, reply) => {
    const back = consultationPath(request.params.id);
    const result = await requestResend(ctx, guardedSession(request).user, request.params.id, request.body?.reason);
    if (!result.ok) return failed(request, reply, result, back);
    guardedSession(request).flash = 'Resend requested. The delivery service will send it again; this page updates when it does.';
    return reply.redirect(back, 303);
  });

  app.post<{ Params: { id: string }; Body: ReasonBody }>('/consultations/:id/reveal', opts, async (request, reply) => {
    const user = guardedSession(request).user;
    const result = await revealIdentity(ctx, user, request.params.id, request.body?.reason);
    if (!result.ok) return failed(request, reply, result, consultationPath(request.params.id));
    const detail = await ctx.readModel.get(request.params.id);
    // Found by the reveal just now; a read model that has since lost it gets the reveal's own 404.
    if (!detail) return failed(request, reply, { ok: false, status: 404, title: 'No such consultation' }, '/consultations');
    return renderPage(request, reply, {
      title: `Consultation ${detail.view.consultationId.slice(0, 8)}`,
      active: 'consultations',
      live: 'detail',
      body: consultationPage(
        detail,
        true,
        guardedSession(request).csrfToken,
        { identity: result.value.identity, identityStatus: result.value.identityStatus, revealedBy: user.username, revealedAt: result.value.at },
        result.value.message ?? undefined,
      ),
    });
  });

  app.get<{ Querystring: FilterQuery }>('/resend-set', opts, async (request, reply) => {
    const parsed = parseFilterQuery(request.query);
    const back = `/consultations${filterQueryString(parsed.values)}`;
    if (Object.keys(parsed.errors).length > 0) return reply.redirect(back, 303);
    // The ids are fixed now, when the count is shown, and kept in the session: the command then
    // carries exactly the set the operator confirmed, not whatever matches at the later click.
    const ids = await resendableIds(ctx, parsed.filter);
    const token = randomBytes(16).toString('base64url');
    guardedSession(request).pendingBulk = { token, consultationIds: ids, filter: parsed.filter };
    return renderPage(request, reply, {
      title: 'Confirm bulk resend',
      active: 'consultations',
      body: bulkResendPage(parsed.values, ids.length, token, guardedSession(request).csrfToken, back),
    });
  });

  app.post<{ Body: ReasonBody & { token?: unknown } }>('/resend-set', opts, async (request, reply) => {
    const session = guardedSession(request);
    const pending = session.pendingBulk;
    if (!pending || typeof request.body?.token !== 'string' || request.body.token !== pending.token) {
      return renderPage(request, reply, {
        title: 'Confirmation expired',
        status: 409,
        body: errorPage('This confirmation has expired', 'Nothing was sent. Choose the consultations again to see an up-to-date count.', {
          href: '/consultations',
          text: 'Back to consultations',
        }),
      });
    }
    delete session.pendingBulk;
    const result = await requestResendSet(ctx, session.user, pending.consultationIds, pending.filter, request.body.reason);
    if (!result.ok) return failed(request, reply, result, '/consultations');
    session.flash = `Resend of ${pending.consultationIds.length} consultations requested.`;
    return reply.redirect('/audit', 303);
  });

  const practiceAction =
    (hold: boolean) => async (request: FastifyRequest<{ Params: { ods?: string }; Body: ReasonBody & { practiceOds?: unknown } }>, reply: FastifyReply) => {
      const ods = request.params.ods ?? (typeof request.body?.practiceOds === 'string' ? request.body.practiceOds : '');
      const result = await requestPracticeHold(ctx, guardedSession(request).user, ods, hold, request.body?.reason);
      if (!result.ok) return failed(request, reply, result, '/practices');
      guardedSession(request).flash =
        `${hold ? 'Hold' : 'Release'} of practice ${ods.trim().toUpperCase()} requested. The delivery service confirms it in the audit log.`;
      return reply.redirect('/practices', 303);
    };
  type PracticeRoute = { Params: { ods?: string }; Body: ReasonBody & { practiceOds?: unknown } };
  app.post<PracticeRoute>('/practices/hold', opts, practiceAction(true));
  app.post<PracticeRoute>('/practices/:ods/hold', opts, practiceAction(true));
  app.post<PracticeRoute>('/practices/:ods/release', opts, practiceAction(false));
}
