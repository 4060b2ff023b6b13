import { englandDateOf } from '@firstsync/contracts';
import { discloseFigures, type OutcomesStore } from '@firstsync/outcomes-store';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DashboardContext } from '../http/context';
import { renderPage } from '../http/render';
import { type Guard, guardedSession, problem } from '../http/session-plugin';
import { authoriseFigures, outcomesAccessOf } from '../outcomes/access';
import { outcomesCsv } from '../outcomes/csv';
import { areaLabel } from '../outcomes/labels';
import { type OutcomesQuery, outcomesPath, periodOfQuery, scopeOfPath } from '../outcomes/request';
import { homeOf } from '../views/layout';
import { errorPage } from '../views/login-page';
import { outcomesPage, outcomesPeriodErrorPage } from '../views/outcomes-page';
import { recordExport } from './outcomes-export-audit';

interface OutcomesRequest {
  Params: { level: string; code?: string };
  Querystring: OutcomesQuery;
}

const text = (value: unknown): string => (typeof value === 'string' ? value.slice(0, 10) : '');

/**
 * The outcomes pages (`/outcomes/...`) and their exports (`/api/outcomes/...`, JSON, or CSV with a
 * `.csv` suffix): the same disclosed figures, the same scope check on the server for each.
 */
export function registerOutcomesRoutes(app: FastifyInstance, ctx: DashboardContext, guards: { outcomes: Guard }, store: OutcomesStore | undefined): void {
  const opts = { preHandler: guards.outcomes };

  const refuse = (request: FastifyRequest, reply: FastifyReply, html: boolean) => {
    const user = guardedSession(request).user;
    request.log.warn({ username: user.username, role: user.role, route: request.routeOptions.url }, 'outcomes refused: outside the user’s area');
    if (!html) return problem(reply, 403, 'Outside your area', 'These figures are not of the area your account is for.');
    return renderPage(request, reply, {
      title: 'You do not have permission',
      status: 403,
      active: 'outcomes',
      body: errorPage('You do not have permission', 'These figures are not of the area your account is for.', {
        href: homeOf(user),
        text: 'Go to your outcomes',
      }),
    });
  };

  const notFound = (request: FastifyRequest, reply: FastifyReply, html: boolean, why: string) => {
    if (!html) return problem(reply, 404, why);
    return renderPage(request, reply, {
      title: 'Not found',
      status: 404,
      active: 'outcomes',
      body: errorPage(why, 'Check the address, or start from your outcomes.', { href: homeOf(guardedSession(request).user), text: 'Go to your outcomes' }),
    });
  };

  async function answer(request: FastifyRequest<OutcomesRequest>, reply: FastifyReply, suffixes: boolean): Promise<FastifyReply> {
    const session = guardedSession(request);
    const asked = scopeOfPath(request.params.level, request.params.code, suffixes);
    const html = !suffixes;
    if (!asked) return notFound(request, reply, html, 'No such area');
    if (!store) return notFound(request, reply, html, 'Outcomes are not available on this dashboard');
    const { scope, format } = asked;
    const period = periodOfQuery(request.query, englandDateOf(ctx.clock.now()));
    const form = { granularity: text(request.query.granularity) || 'month', from: text(request.query.from), to: text(request.query.to) };
    if ('error' in period) {
      if (!html) return problem(reply, 400, 'Invalid period', period.error);
      return renderPage(request, reply, {
        title: 'Outcomes',
        status: 400,
        active: 'outcomes',
        body: outcomesPeriodErrorPage('Outcomes', outcomesPath(scope, 'html'), { ...form, error: period.error }),
      });
    }
    const access = outcomesAccessOf(session.user);
    const options = await authoriseFigures(store, access, scope, period);
    if (!options) return refuse(request, reply, html);
    const disclosed = discloseFigures(await store.figures(scope, period, options));
    reply.header('cache-control', 'no-store');
    if (format === 'html') {
      const self = { level: scope.level, code: scope.level === 'national' ? null : scope.code, name: disclosed.name };
      return renderPage(request, reply, {
        title: `Outcomes: ${areaLabel(self)}`,
        active: 'outcomes',
        body: outcomesPage(disclosed, access, { granularity: period.granularity, from: period.from, to: period.to }),
      });
    }
    if (!(await recordExport(ctx, session.user, scope, period, format)))
      return problem(reply, 503, 'The export could not be recorded in the audit log, so nothing was exported. Try again shortly.');
    if (format === 'json') return reply.type('application/json; charset=utf-8').send(disclosed);
    const name = `outcomes-${scope.level}${scope.level === 'national' ? '' : `-${scope.code}`}-${period.granularity}-${period.from}-${period.to}.csv`;
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(outcomesCsv(disclosed));
  }

  app.get('/outcomes', opts, async (request, reply) => {
    const user = guardedSession(request).user;
    return reply.redirect(outcomesAccessOf(user).kind === 'all' ? '/outcomes/national' : homeOf(user), 303);
  });
  app.get<OutcomesRequest>('/outcomes/:level', opts, (request, reply) => answer(request, reply, false));
  app.get<OutcomesRequest>('/outcomes/:level/:code', opts, (request, reply) => answer(request, reply, false));
  app.get<OutcomesRequest>('/api/outcomes/:level', opts, (request, reply) => answer(request, reply, true));
  app.get<OutcomesRequest>('/api/outcomes/:level/:code', opts, (request, reply) => answer(request, reply, true));
}
