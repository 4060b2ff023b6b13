import type { FastifyInstance } from 'fastify';
import type { DashboardContext } from '../http/context';
import { securityHeaders } from '../http/security-headers';
import { type Guard, guardedSession } from '../http/session-plugin';

/** How often an open stream checks that its session still exists. */
const SESSION_CHECK_MS = 5_000;

/** GET /events: server-sent events with counts and changed consultations, for signed-in users. */
export function registerLiveRoutes(app: FastifyInstance, ctx: DashboardContext, guards: { signedIn: Guard }): void {
  // No HEAD twin: a HEAD answer has no body, so the stream would hold the socket open unanswered.
  app.get('/events', { preHandler: guards.signedIn, logLevel: 'warn', exposeHeadRoute: false }, async (request, reply) => {
    // The stream outlives this handler, so Fastify hands the raw response over (onSend hooks do
    // not run: the security headers are written here).
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      ...securityHeaders(ctx.config.DASHBOARD_COOKIE_SECURE),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    const sessionId = guardedSession(request).id;
    let ended = false;
    const detach = await ctx.live.attach({
      send: (chunk) => {
        if (ended) throw new Error('session ended');
        raw.write(chunk);
      },
      close: () => raw.end(),
    });
    // A stream must not outlive its session (logout on any instance, expiry): looked up in the
    // session store every few seconds rather than at every push. On a failed look-up the stream
    // ends too; the browser reconnects through the sign-in guard.
    const check = setInterval(() => {
      void ctx.sessions.isLive(sessionId).then(
        (live) => live || end(),
        () => end(),
      );
    }, SESSION_CHECK_MS);
    check.unref();
    const end = () => {
      ended = true;
      clearInterval(check);
      detach();
      raw.end();
    };
    request.raw.on('close', () => {
      clearInterval(check);
      detach();
    });
  });
}
