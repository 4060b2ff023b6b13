import type { FastifyInstance } from 'fastify';
import { authenticate } from '../auth/authenticate';
import type { DashboardContext } from '../http/context';
import { renderPage } from '../http/render';
import { clearSessionCookie, setSessionCookie } from '../http/session-plugin';
import { loginPage } from '../views/login-page';

/** Only same-site paths: `next` must not become an open redirect (`//evil`, `/\evil`, `https:`). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])[^\s]*$/.test(next) && !next.startsWith('/login') ? next : '/';
}

interface LoginBody {
  username?: unknown;
  password?: unknown;
  next?: unknown;
}

export function registerAuthRoutes(app: FastifyInstance, ctx: DashboardContext): void {
  const cookie = { secure: ctx.config.cookieSecure };

  app.get<{ Querystring: { next?: string } }>('/login', async (request, reply) => {
    if (request.session?.user) return reply.redirect(safeNext(request.query.next), 303);
    // An anonymous session carries the login form's CSRF token: logging in changes state too.
    const session = request.session ?? ctx.sessions.create();
    if (!request.session) {
      request.session = session;
      setSessionCookie(reply, session, cookie);
    }
    const next = safeNext(request.query.next);
    return renderPage(request, reply, { title: 'Sign in', body: loginPage(session.csrfToken, next === '/' ? {} : { next }) });
  });

  app.post<{ Body: LoginBody }>('/login', async (request, reply) => {
    const username = typeof request.body?.username === 'string' ? request.body.username.trim().slice(0, 200) : '';
    const password = typeof request.body?.password === 'string' ? request.body.password.slice(0, 1024) : '';
    const next = safeNext(request.body?.next);
    const again = (status: number, error: string) =>
      renderPage(request, reply, { title: 'Sign in', status, body: loginPage(request.session!.csrfToken, { error, username, ...(next === '/' ? {} : { next }) }) });
    if (!username || !password) return again(400, 'Enter your username and password');
    const waitMs = ctx.throttle.retryAfterMs(username);
    if (waitMs > 0) {
      request.log.warn('login refused: too many failures for this username');
      reply.header('retry-after', String(Math.ceil(waitMs / 1000)));
      return again(429, `Too many failed sign-in attempts for this username. Try again in ${Math.ceil(waitMs / 60_000)} minutes.`);
    }
    const user = await authenticate(ctx.config.users, username, password);
    if (!user) {
      ctx.throttle.recordFailure(username);
      // The username is not logged: people sometimes type their password into that field.
      request.log.warn('login failed');
      return again(401, 'Enter a correct username and password');
    }
    ctx.throttle.recordSuccess(username);
    // A new session id at login, so an id planted before login (session fixation) is worthless.
    if (request.session) ctx.sessions.destroy(request.session.id);
    const session = ctx.sessions.create(user);
    setSessionCookie(reply, session, cookie);
    request.log.info({ username: user.username, role: user.role }, 'login succeeded');
    return reply.redirect(next, 303);
  });

  app.post('/logout', async (request, reply) => {
    if (request.session) {
      if (request.session.user) request.log.info({ username: request.session.user.username }, 'logout');
      ctx.sessions.destroy(request.session.id);
    }
    clearSessionCookie(reply, cookie);
    return reply.redirect('/login', 303);
  });
}
