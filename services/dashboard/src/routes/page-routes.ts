import type { FastifyInstance } from 'fastify';
import type { DashboardContext } from '../http/context';
import { toCsv } from '../http/csv';
import { type FilterQuery, parseFilterQuery } from '../http/filter-params';
import { renderPage } from '../http/render';
import { type Guard, guardedSession } from '../http/session-plugin';
import { isUuid } from '../operator-actions';
import { auditPage } from '../views/audit-page';
import { throughputChart } from '../views/chart';
import { consultationFragment, consultationPage } from '../views/consultation-page';
import { consultationsPage } from '../views/consultations-page';
import { errorPage } from '../views/login-page';
import { overviewPage } from '../views/overview-page';
import { practicesPage } from '../views/practices-page';

export const CHART_MINUTES = 60;
/** CSV exports stop here; narrow the filter for more. Keeps one request from building a huge body. */
export const CSV_MAX_ROWS = 50_000;

export function registerPageRoutes(app: FastifyInstance, ctx: DashboardContext, guards: { signedIn: Guard }): void {
  const { readModel } = ctx;
  const opts = { preHandler: guards.signedIn };
  const canOperate = (role: string | undefined) => role === 'operator';

  app.get('/', opts, async (request, reply) => {
    const [counts, buckets, recent, practices] = await Promise.all([
      readModel.counts(),
      readModel.metrics(ctx.clock.now(), CHART_MINUTES),
      readModel.query({}, { page: 1, pageSize: 10 }),
      readModel.practiceHealth(),
    ]);
    return renderPage(request, reply, {
      title: 'Overview',
      active: 'overview',
      live: 'overview',
      body: overviewPage(counts, buckets, recent.items, practices),
    });
  });

  app.get('/fragments/chart', opts, async (_request, reply) => {
    const buckets = await readModel.metrics(ctx.clock.now(), CHART_MINUTES);
    return reply.type('text/html; charset=utf-8').send(throughputChart(buckets).value);
  });

  app.get<{ Querystring: FilterQuery }>('/consultations', opts, async (request, reply) => {
    const parsed = parseFilterQuery(request.query);
    const hasErrors = Object.keys(parsed.errors).length > 0;
    const page = hasErrors ? { items: [], total: 0, page: 1, pageSize: parsed.page.pageSize, pageCount: 1 } : await readModel.query(parsed.filter, parsed.page);
    const user = guardedSession(request).user;
    return renderPage(request, reply, {
      title: 'Consultations',
      active: 'consultations',
      live: 'list',
      status: hasErrors ? 400 : 200,
      body: consultationsPage(parsed, page, canOperate(user.role), guardedSession(request).csrfToken),
    });
  });

  app.get<{ Querystring: FilterQuery }>('/consultations/export.csv', opts, async (request, reply) => {
    const parsed = parseFilterQuery(request.query);
    if (Object.keys(parsed.errors).length > 0) return reply.code(400).type('text/plain; charset=utf-8').send(Object.values(parsed.errors).join('\n'));
    const views = await readModel.select(parsed.filter, CSV_MAX_ROWS);
    const stamp = ctx.clock.now().toISOString().replace(/[:.]/g, '-');
    request.log.info({ rows: views.length, username: guardedSession(request).user.username }, 'csv export');
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="consultations-${stamp}.csv"`).send(toCsv(views));
  });

  app.get<{ Params: { id: string } }>('/consultations/:id', opts, async (request, reply) => {
    const detail = isUuid(request.params.id) ? await readModel.get(request.params.id) : undefined;
    if (!detail)
      return renderPage(request, reply, {
        title: 'Not found',
        status: 404,
        active: 'consultations',
        body: errorPage('Consultation not found', 'The dashboard has no events for this consultation id.', {
          href: '/consultations',
          text: 'Back to consultations',
        }),
      });
    const user = guardedSession(request).user;
    return renderPage(request, reply, {
      title: `Consultation ${detail.view.consultationId.slice(0, 8)}`,
      active: 'consultations',
      live: 'detail',
      body: consultationPage(detail, canOperate(user.role), guardedSession(request).csrfToken, {}, ctx.messages.get(detail.view.consultationId)),
    });
  });

  app.get<{ Params: { id: string } }>('/consultations/:id/fragment', opts, async (request, reply) => {
    const detail = isUuid(request.params.id) ? await readModel.get(request.params.id) : undefined;
    if (!detail) return reply.code(404).type('text/plain').send('Not found');
    const user = guardedSession(request).user;
    return reply.type('text/html; charset=utf-8').send(consultationFragment(detail, canOperate(user.role), guardedSession(request).csrfToken).value);
  });

  app.get('/practices', opts, async (request, reply) => {
    const user = guardedSession(request).user;
    return renderPage(request, reply, {
      title: 'Practices',
      active: 'practices',
      live: 'practices',
      body: practicesPage(await readModel.practiceHealth(), canOperate(user.role), guardedSession(request).csrfToken),
    });
  });

  app.get('/audit', opts, async (request, reply) => {
    return renderPage(request, reply, { title: 'Audit log', active: 'audit', body: auditPage(await readModel.audit(500)) });
  });
}
