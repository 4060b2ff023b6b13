import type { FastifyInstance } from 'fastify';
import type { DashboardContext } from '../http/context';
import { securityHeaders } from '../http/security-headers';
import { type Guard, guardedSession } from '../http/session-plugin';

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
    const detach = await ctx.live.attach({
      // A stream must not outlive its session (logout, expiry): checked at every push and heartbeat.
      send: (chunk) => {
        if (!ctx.sessions.isLive(sessionId)) throw new Error('session ended');
        raw.write(chunk);
      },
      close: () => raw.end(),
    });
    request.raw.on('close', detach);
  });
}
