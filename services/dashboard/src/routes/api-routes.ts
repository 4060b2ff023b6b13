import type { FastifyInstance, FastifyReply } from 'fastify';
import type { DashboardContext } from '../http/context';
import { type FilterQuery, parseFilterQuery } from '../http/filter-params';
import { type Guard, guardedSession, problem } from '../http/session-plugin';
import { type ActionResult, isUuid, requestPracticeHold, requestResend, requestResendSet, resendableIds, revealIdentity } from '../operator-actions';

interface ReasonBody {
  reason?: unknown;
}

function answer(reply: FastifyReply, result: ActionResult<unknown>, status = 202): FastifyReply {
  return result.ok ? reply.code(status).send(result.value) : problem(reply, result.status, result.title);
}

/** JSON API over the read model and the operator actions (the page scripts use the latter). */
export function registerApiRoutes(app: FastifyInstance, ctx: DashboardContext, guards: { signedIn: Guard; operator: Guard }): void {
  const { readModel } = ctx;
  const read = { preHandler: guards.signedIn };
  const act = { preHandler: guards.operator };

  app.get('/api/me', read, async (request) => ({ username: guardedSession(request).user.username, role: guardedSession(request).user.role }));
  app.get('/api/counts', read, async () => readModel.counts());
  app.get('/api/practices', read, async () => readModel.practiceHealth());
  app.get<{ Querystring: { limit?: string } }>('/api/audit', read, async (request) =>
    readModel.audit(Math.min(Math.max(1, Number(request.query.limit) || 200), 5_000)),
  );
  app.get<{ Querystring: { minutes?: string } }>('/api/metrics', read, async (request) =>
    readModel.metrics(ctx.clock.now(), Math.min(Math.max(1, Number(request.query.minutes) || 60), 24 * 60)),
  );

  app.get<{ Querystring: FilterQuery }>('/api/consultations', read, async (request, reply) => {
    const parsed = parseFilterQuery(request.query);
    if (Object.keys(parsed.errors).length > 0)
      return reply.code(400).type('application/problem+json').send({ type: 'about:blank', title: 'Invalid filter', status: 400, errors: parsed.errors });
    return readModel.query(parsed.filter, parsed.page);
  });

  app.get<{ Params: { id: string } }>('/api/consultations/:id', read, async (request, reply) => {
    const detail = isUuid(request.params.id) ? await readModel.get(request.params.id) : undefined;
    return detail ?? problem(reply, 404, 'No such consultation');
  });

  app.post<{ Params: { id: string }; Body: ReasonBody }>('/api/consultations/:id/resend', act, async (request, reply) =>
    answer(reply, await requestResend(ctx, guardedSession(request).user, request.params.id, request.body?.reason)),
  );

  app.post<{ Params: { id: string }; Body: ReasonBody }>('/api/consultations/:id/reveal', act, async (request, reply) => {
    const result = await revealIdentity(ctx, guardedSession(request).user, request.params.id, request.body?.reason);
    return answer(reply, result, 200);
  });

  // The API's confirmation: the caller states the count it was shown; a different count now means
  // the set changed, and nothing is sent.
  app.post<{ Body: FilterQuery & ReasonBody & { expectedCount?: unknown } }>('/api/resend-set', act, async (request, reply) => {
    const parsed = parseFilterQuery(request.body ?? {});
    if (Object.keys(parsed.errors).length > 0) return problem(reply, 400, 'Invalid filter');
    const ids = await resendableIds(ctx, parsed.filter);
    if (request.body?.expectedCount !== ids.length)
      return reply
        .code(409)
        .type('application/problem+json')
        .send({ type: 'about:blank', title: 'The matching set changed; confirm the new count', status: 409, count: ids.length });
    return answer(reply, await requestResendSet(ctx, guardedSession(request).user, ids, parsed.filter, request.body?.reason));
  });

  app.post<{ Params: { ods: string }; Body: ReasonBody }>('/api/practices/:ods/hold', act, async (request, reply) =>
    answer(reply, await requestPracticeHold(ctx, guardedSession(request).user, request.params.ods, true, request.body?.reason)),
  );
  app.post<{ Params: { ods: string }; Body: ReasonBody }>('/api/practices/:ods/release', act, async (request, reply) =>
    answer(reply, await requestPracticeHold(ctx, guardedSession(request).user, request.params.ods, false, request.body?.reason)),
  );
}
