import type { FastifyReply, FastifyRequest } from 'fastify';
import { type LayoutOptions, layout } from '../views/layout';

/** Renders a page in the layout with the signed-in user, their CSRF token and any one-shot flash. */
export function renderPage(
  request: FastifyRequest,
  reply: FastifyReply,
  options: Omit<LayoutOptions, 'user' | 'csrfToken' | 'flash'> & { status?: number },
): FastifyReply {
  const session = request.session;
  const flash = session?.flash;
  if (session) delete session.flash;
  const { status, ...rest } = options;
  return reply
    .code(status ?? 200)
    .type('text/html; charset=utf-8')
    .send(layout({ ...rest, ...(session ? { user: session.user, csrfToken: session.csrfToken } : {}), ...(flash ? { flash } : {}) }));
}
