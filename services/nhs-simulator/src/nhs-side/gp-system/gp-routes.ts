import type { FastifyPluginAsync } from 'fastify';
import type { NhsSideState } from '../nhs-side-state';
import { renderInboxPage, renderNotFound, renderPracticeList } from './inbox-page';

const HTML = 'text/html; charset=utf-8';

/** The GP staff side: workflow inbox pages and the one-click filing that triggers the 30001. */
export const gpRoutes: FastifyPluginAsync<{ state: NhsSideState }> = async (app, { state }) => {
  // The filing button is a plain HTML form; its (empty) body carries nothing we need.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, _body, done) => done(null, {}));

  app.get('/gp', async (_request, reply) => reply.type(HTML).send(renderPracticeList(state.gp.all())));

  app.get<{ Params: { ods: string } }>('/gp/:ods/inbox', async (request, reply) => {
    const practice = state.gp.get(request.params.ods);
    if (!practice) return reply.code(404).type(HTML).send(renderNotFound('No such practice'));
    return reply.type(HTML).header('cache-control', 'no-store').send(renderInboxPage(practice));
  });

  app.post<{ Params: { ods: string; taskId: string } }>('/gp/:ods/tasks/:taskId/file', async (request, reply) => {
    const result = state.gp.file(request.params.ods, request.params.taskId);
    if (result === 'not-found') return reply.code(404).type(HTML).send(renderNotFound('No such consultation'));
    // Post/redirect/get: a refresh does not file twice.
    return reply
      .code(303)
      .header('location', `/gp/${encodeURIComponent(request.params.ods.toUpperCase())}/inbox`)
      .send();
  });
};
