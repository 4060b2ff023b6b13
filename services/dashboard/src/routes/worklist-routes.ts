import type { FastifyInstance } from 'fastify';
import type { DashboardContext } from '../http/context';
import { renderPage } from '../http/render';
import { type Guard, guardedSession } from '../http/session-plugin';
import { errorPage } from '../views/login-page';
import { worklistPage } from '../views/worklist-page';
import { markFollowedUp, pharmacyWorklist, WorklistCache } from '../worklist/worklist';

interface FollowUpBody {
  outcome?: unknown;
  followUpEventId?: unknown;
}

/** The pharmacy user's one page and one action: their own pharmacy's follow-up worklist. */
export function registerWorklistRoutes(app: FastifyInstance, ctx: DashboardContext, guards: { pharmacy: Guard }): void {
  const opts = { preHandler: guards.pharmacy };
  const cache = new WorklistCache(ctx.config.DASHBOARD_WORKLIST_CACHE_MAX);
  /** The pharmacy guard let only pharmacy users through; this narrows the type to say so. */
  const pharmacyUser = (session: ReturnType<typeof guardedSession>) => {
    if (session.user.role !== 'pharmacy') throw new Error('worklist route reached by a non-pharmacy user: is its guard missing?');
    return session.user;
  };

  app.get('/worklist', opts, async (request, reply) => {
    const session = guardedSession(request);
    const user = pharmacyUser(session);
    const items = await pharmacyWorklist(ctx, cache, session, user.pharmacyOds);
    reply.header('cache-control', 'no-store');
    return renderPage(request, reply, { title: 'Follow-up worklist', active: 'worklist', body: worklistPage(user.pharmacyOds, items, session.csrfToken) });
  });

  app.post<{ Params: { id: string }; Body: FollowUpBody }>('/worklist/:id/follow-up', opts, async (request, reply) => {
    const session = guardedSession(request);
    const user = pharmacyUser(session);
    const result = await markFollowedUp(ctx, user.username, user.pharmacyOds, request.params.id, request.body ?? {});
    if (!result.ok)
      return renderPage(request, reply, {
        title: 'Not recorded',
        status: result.status,
        active: 'worklist',
        body: errorPage('The follow-up was not recorded', result.title, { href: '/worklist', text: 'Back to the worklist' }),
      });
    session.flash = 'Marked as followed up.';
    return reply.redirect('/worklist', 303);
  });
}
