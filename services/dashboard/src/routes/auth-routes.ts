import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticate } from '../auth/authenticate';
import type { LoginAttempt } from '../auth/login-throttle';
import type { SessionUser } from '../auth/users';
import { usersOf } from '../config';
import type { DashboardContext } from '../http/context';
import { renderPage } from '../http/render';
import { safeNext } from '../http/safe-next';
import { clearSessionCookie, cookieName, cookieValue, setSessionCookie } from '../http/session-plugin';
import { homeOf } from '../views/layout';
import { loginPage } from '../views/login-page';

interface LoginBody {
  username?: unknown;
  password?: unknown;
  next?: unknown;
}

/** Where a user goes after signing in: `next`, unless it is a page their role cannot see. */
function landing(user: SessionUser, next: string): string {
  const home = homeOf(user);
  if (user.role === 'viewer' || user.role === 'operator') return next;
  // Outcomes users may follow a link to any outcomes page (the page itself checks the area).
  const base = user.role === 'pharmacy' ? home : '/outcomes';
  return next === base || next.startsWith(`${base}?`) || next.startsWith(`${base}/`) ? next : home;
}

/** How long the browser keeps the device cookie that exempts it from others' failed sign-ins. */
const DEVICE_COOKIE_MAX_AGE_S = 90 * 24 * 3600;

export function registerAuthRoutes(app: FastifyInstance, ctx: DashboardContext): void {
  const cookie = { secure: ctx.config.DASHBOARD_COOKIE_SECURE };
  const loginCookie = cookieName('login', cookie.secure);
  const deviceCookie = cookieName('device', cookie.secure);
  const cookieOptions = { httpOnly: true, sameSite: 'strict' as const, secure: cookie.secure, path: '/' };

  /** The sign-in form's token, setting a fresh form cookie when there is none fit to keep using. Nothing is stored. */
  const formToken = (request: FastifyRequest, reply: FastifyReply): string => {
    const current = cookieValue(request, loginCookie);
    const token = ctx.loginCsrf.tokenFor(current, ctx.loginCsrf.ttlMs / 2);
    if (current && token) return token;
    const fresh = ctx.loginCsrf.issue();
    const freshToken = ctx.loginCsrf.tokenFor(fresh);
    if (freshToken === undefined) throw new Error('a freshly issued sign-in form cookie has no token');
    reply.setCookie(loginCookie, fresh, { ...cookieOptions, maxAge: Math.floor(ctx.loginCsrf.ttlMs / 1000) });
    return freshToken;
  };

  app.get<{ Querystring: { next?: unknown } }>('/login', async (request, reply) => {
    if (request.session) return reply.redirect(landing(request.session.user, safeNext(request.query.next)), 303);
    const next = safeNext(request.query.next);
    return renderPage(request, reply, { title: 'Sign in', body: loginPage(formToken(request, reply), next === '/' ? {} : { next }) });
  });

  app.post<{ Body: LoginBody }>('/login', { config: { loginForm: true } }, async (request, reply) => {
    const username = typeof request.body?.username === 'string' ? request.body.username.trim().slice(0, 200) : '';
    const password = typeof request.body?.password === 'string' ? request.body.password.slice(0, 1024) : '';
    const next = safeNext(request.body?.next);
    const again = (status: number, error: string) =>
      renderPage(request, reply, {
        title: 'Sign in',
        status,
        body: loginPage(formToken(request, reply), { error, username, ...(next === '/' ? {} : { next }) }),
      });
    if (!username || !password) return again(400, 'Enter your username and password');
    const attempt: LoginAttempt = { username, source: request.ip, device: ctx.devices.deviceFor(cookieValue(request, deviceCookie), username) };
    const verdict = ctx.throttle.check(attempt);
    if (verdict.retryAfterMs > 0) {
      const seconds = Math.ceil(verdict.retryAfterMs / 1000);
      // Neither the username nor the address is logged: the first may be a mistyped password.
      request.log.warn({ heldBy: verdict.heldBy, retryAfterSeconds: seconds }, 'login deferred: too many recent failures');
      reply.header('retry-after', String(seconds));
      return again(
        429,
        `Too many failed sign-in attempts. Wait ${seconds === 1 ? '1 second' : seconds < 120 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`}, then try again.`,
      );
    }
    const user = await authenticate(usersOf(ctx.config), username, password);
    if (!user) {
      ctx.throttle.recordFailure(attempt);
      request.log.warn({ knownDevice: attempt.device !== undefined }, 'login failed');
      return again(401, 'Enter a correct username and password');
    }
    ctx.throttle.recordSuccess(attempt);
    // A new session id at every sign-in (there is none before), so no id can be planted beforehand.
    if (request.session) await ctx.sessions.destroy(request.session.id);
    const session = await ctx.sessions.create(user);
    setSessionCookie(reply, session, cookie);
    if (!attempt.device) reply.setCookie(deviceCookie, ctx.devices.issue(user.username), { ...cookieOptions, maxAge: DEVICE_COOKIE_MAX_AGE_S });
    reply.clearCookie(loginCookie, cookieOptions);
    request.log.info({ username: user.username, role: user.role }, 'login succeeded');
    return reply.redirect(landing(user, next), 303);
  });

  app.post('/logout', async (request, reply) => {
    if (request.session) {
      request.log.info({ username: request.session.user.username }, 'logout');
      await ctx.sessions.destroy(request.session.id);
    }
    clearSessionCookie(reply, cookie);
    return reply.redirect('/login', 303);
  });
}
