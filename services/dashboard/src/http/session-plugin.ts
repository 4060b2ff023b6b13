import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { safeEqual } from '../auth/hmac';
import type { LoginCsrf } from '../auth/login-csrf';
import type { Session, SessionStore, SessionUser } from '../auth/session-store';
import type { Role } from '../auth/users';
import { loginLocation } from './safe-next';

declare module 'fastify' {
  interface FastifyRequest {
    session: Session | undefined;
  }
  interface FastifyContextConfig {
    /** The sign-in form: guarded by its signed double-submit token, as no session exists yet. */
    loginForm?: boolean;
  }
}

export interface SessionCookieOptions {
  secure: boolean;
}

/** `__Host-` makes the browser refuse the cookie unless Secure, path=/ and no Domain: no subdomain can set it. */
export function cookieName(base: 'session' | 'login' | 'device', secure: boolean): string {
  return `${secure ? '__Host-' : ''}firstsync_${base}`;
}

export function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || request.url.startsWith('/events') || (request.headers.accept ?? '').includes('application/json');
}

export function problem(reply: FastifyReply, status: number, title: string, detail?: string): FastifyReply {
  return reply
    .code(status)
    .type('application/problem+json')
    .send({ type: 'about:blank', title, status, ...(detail ? { detail } : {}) });
}

/** A cookie's value, or undefined when absent, malformed or sent twice. */
export function cookieValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.cookies[name];
  return typeof value === 'string' && value.length > 0 && value.length <= 512 ? value : undefined;
}

/**
 * Resolves the session from its signed cookie on every request and guards every state-changing
 * request: the Origin must be this site, and the request must echo the session's synchronizer
 * token (form field `_csrf` or header `x-csrf-token`), or for the sign-in form the token bound to
 * its cookie. SameSite=Strict already stops most cross-site posts; the tokens cover the rest.
 */
export function registerSessions(
  app: FastifyInstance,
  deps: { sessions: SessionStore; loginCsrf: LoginCsrf },
  options: SessionCookieOptions,
  onForbidden: (request: FastifyRequest, reply: FastifyReply, reason: string) => FastifyReply,
): void {
  const sessionCookie = cookieName('session', options.secure);
  const loginCookie = cookieName('login', options.secure);
  app.decorateRequest('session', undefined);
  app.addHook('onRequest', async (request) => {
    const raw = cookieValue(request, sessionCookie);
    if (!raw) return;
    const unsigned = request.unsignCookie(raw);
    if (unsigned.valid && unsigned.value) request.session = await deps.sessions.get(unsigned.value);
  });
  // Before the answer leaves, so the next request (on any instance) finds what this one changed: a
  // flash for the page a redirect leads to, a bulk resend awaiting confirmation. A failed write
  // costs only that (a flash lost, a confirmation asked again), never the answer itself.
  app.addHook('onSend', async (request, _reply, payload) => {
    if (request.session) await deps.sessions.save(request.session).catch((err: unknown) => request.log.warn({ err }, 'session changes not saved'));
    return payload;
  });
  app.addHook('preHandler', async (request, reply) => {
    if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return;
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== 'null') {
      let host: string | undefined;
      try {
        host = new URL(origin).host;
      } catch {
        host = undefined;
      }
      // request.host honours X-Forwarded-Host only when DASHBOARD_TRUST_PROXY is set.
      if (host !== request.host) return onForbidden(request, reply, 'cross-origin request');
    }
    const header = request.headers['x-csrf-token'];
    const body = request.body as { _csrf?: unknown } | undefined;
    const token = typeof header === 'string' ? header : typeof body?._csrf === 'string' ? body._csrf : undefined;
    if (request.routeOptions.config.loginForm) {
      if (!deps.loginCsrf.verify(cookieValue(request, loginCookie), token)) return onForbidden(request, reply, 'missing or invalid CSRF token');
      return;
    }
    if (!request.session || !token || !safeEqual(token, request.session.csrfToken)) return onForbidden(request, reply, 'missing or invalid CSRF token');
  });
}

export function setSessionCookie(reply: FastifyReply, session: Session, options: SessionCookieOptions): void {
  reply.setCookie(cookieName('session', options.secure), session.id, { signed: true, httpOnly: true, sameSite: 'strict', secure: options.secure, path: '/' });
}

export function clearSessionCookie(reply: FastifyReply, options: SessionCookieOptions): void {
  reply.clearCookie(cookieName('session', options.secure), { path: '/', httpOnly: true, sameSite: 'strict', secure: options.secure });
}

/** The signed-in user, or undefined after the guard has answered 401/redirect. */
export function currentUser(request: FastifyRequest): SessionUser | undefined {
  return request.session?.user;
}

/**
 * The session of a request a guard has let through. Throws (a 500, never a silent pass) when a
 * route that needs a session was registered without its guard.
 */
export function guardedSession(request: FastifyRequest): Session {
  const session = request.session;
  if (!session) throw new Error(`${request.method} ${request.routeOptions.url ?? request.url} reached without a session: is its guard missing?`);
  return session;
}

export type Guard = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;

export interface Guards {
  /** firstsync's ops staff (viewer or operator): every page and API but the worklist. */
  signedIn: Guard;
  operator: Guard;
  /** A pharmacy user (bound to one pharmacy): the worklist only. */
  pharmacy: Guard;
  /**
   * The outcomes pages and API: ops staff (every area) and the outcomes roles (their own area: the
   * route checks the area against the user's binding). Pharmacy (worklist) users never pass.
   */
  outcomes: Guard;
}

const ALLOWED: Record<keyof Guards, readonly Role[]> = {
  signedIn: ['viewer', 'operator'],
  operator: ['operator'],
  pharmacy: ['pharmacy'],
  outcomes: ['viewer', 'operator', 'commissioner', 'pcn-lead', 'pharmacy-manager'],
};
const REFUSAL: Record<keyof Guards, string> = {
  signedIn: 'Ops role required',
  operator: 'Operator role required',
  pharmacy: 'Pharmacy role required',
  outcomes: 'Outcomes access required',
};

/**
 * preHandler guards by role (least privilege: a pharmacy user passes only the pharmacy guard, ops
 * staff never pass it). `forbiddenHtml` renders the 403 page.
 */
export function createGuards(forbiddenHtml: (request: FastifyRequest, user: SessionUser) => string): Guards {
  const guard =
    (kind: keyof Guards): Guard =>
    async (request, reply) => {
      const user = request.session?.user;
      if (!user) {
        if (wantsJson(request)) return problem(reply, 401, 'Sign in required');
        return reply.redirect(loginLocation(request.method, request.url), 303);
      }
      if (!ALLOWED[kind].includes(user.role)) {
        request.log.warn({ username: user.username, role: user.role, route: request.routeOptions.url }, 'request refused: role not allowed');
        if (wantsJson(request)) return problem(reply, 403, REFUSAL[kind]);
        return reply.code(403).type('text/html; charset=utf-8').send(forbiddenHtml(request, user));
      }
      return undefined;
    };
  return { signedIn: guard('signedIn'), operator: guard('operator'), pharmacy: guard('pharmacy'), outcomes: guard('outcomes') };
}
