import { COMMAND_BODIES, fillPath, NEXT_VALUES, PATH_VALUES, QUERY_VALUES, takesParameters } from './dashboard-attacks';
import { DashboardBrowser } from './dashboard-client';
import type { Check } from './figures';
import type { Recorder } from './recorder';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The demo users every local dashboard has (services/dashboard/src/auth/users.ts). */
export const DEMO_USERS = { viewer: ['viewer', 'viewer-demo-password'], operator: ['operator', 'operator-demo-password'] } as const;

/** Sessions the dashboard held at most before issue 18 (one per anonymous GET /login, oldest dropped). */
export const OLD_SESSION_CAP = 10_000;

export interface DashboardDriverOptions {
  readonly url: string;
  readonly short: boolean;
}

/** A route the dashboard registers: method and URL pattern. */
export interface Route {
  readonly method: string;
  readonly url: string;
}

/** Pure: encodeURIComponent, except that a lone surrogate goes out as its (invalid) 3-byte UTF-8 form. */
export function encodeAny(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    const hex = (byte: number) => `%${byte.toString(16).toUpperCase()}`;
    out +=
      code >= 0xd800 && code <= 0xdfff ? `${hex(0xe0 | (code >> 12))}${hex(0x80 | ((code >> 6) & 0x3f))}${hex(0x80 | (code & 0x3f))}` : encodeURIComponent(ch);
  }
  return out;
}

/**
 * Every route the dashboard registers, as anonymous, viewer and operator, with fuzzed path
 * parameters, query strings and command bodies (the operator's with a valid CSRF token, so the
 * handlers themselves are reached).
 */
export async function fuzzDashboardRoutes(recorder: Recorder, options: DashboardDriverOptions & { routes: readonly Route[] }): Promise<void> {
  const paths = options.short ? PATH_VALUES.slice(0, 7) : PATH_VALUES;
  const queries = options.short ? QUERY_VALUES.slice(0, 5) : QUERY_VALUES;
  const bodies = options.short ? COMMAND_BODIES.slice(0, 4) : COMMAND_BODIES;
  const browsers: [string, DashboardBrowser][] = [['anonymous', new DashboardBrowser(recorder, options.url, '192.0.2.10')]];
  for (const role of ['viewer', 'operator'] as const) {
    const browser = new DashboardBrowser(recorder, options.url, role === 'viewer' ? '192.0.2.11' : '192.0.2.12');
    const [username, password] = DEMO_USERS[role];
    await browser.login(`route fuzz (${role})`, username, password);
    await browser.request(`route fuzz (${role})`, 'page with a CSRF token', 'GET', '/practices');
    browsers.push([role, browser]);
  }
  for (const [role, browser] of browsers) {
    const group = `route fuzz (${role})`;
    for (const route of options.routes) {
      // Sign-in and sign-out have runs of their own below; a fuzzed logout would end the session.
      if (route.url === '/login' || route.url === '/logout') continue;
      if (options.short && route.method === 'HEAD') continue;
      const parameters = takesParameters(route.url);
      for (const path of parameters ? paths.map((value) => fillPath(route.url, value)) : [route.url]) {
        if (route.method === 'GET' || route.method === 'HEAD') {
          await browser.request(group, `${route.method} ${route.url}`, route.method, path);
          if (!parameters && route.method === 'GET')
            for (const query of queries) await browser.request(group, `GET ${route.url}?${query.slice(0, 30)}`, 'GET', `${path}?${query}`);
          continue;
        }
        for (const body of parameters ? bodies.slice(0, 1) : bodies) {
          const headers = { 'content-type': body.contentType, origin: options.url, ...(browser.csrf ? { 'x-csrf-token': browser.csrf } : {}) };
          await browser.request(group, `${route.method} ${route.url} (${body.label})`, route.method, path, { headers, body: body.body(browser.csrf) });
        }
      }
    }
  }
}

/** `next` on the sign-in form, on GET /login when signed in (a redirect), and on a real sign-in. */
export async function hostileNext(recorder: Recorder, options: DashboardDriverOptions): Promise<void> {
  const group = 'hostile next';
  const anonymous = new DashboardBrowser(recorder, options.url, '192.0.2.20');
  const signedIn = new DashboardBrowser(recorder, options.url, '192.0.2.21');
  await signedIn.login(group, ...DEMO_USERS.viewer);
  for (const next of options.short ? NEXT_VALUES.filter((_, i) => i % 2 === 0) : NEXT_VALUES) {
    const query = `/login?next=${encodeAny(next)}`;
    await anonymous.request(group, `anonymous GET ${query.slice(0, 60)}`, 'GET', query);
    await signedIn.request(group, `signed-in GET ${query.slice(0, 60)}`, 'GET', query);
    const fresh = new DashboardBrowser(recorder, options.url, '192.0.2.22');
    await fresh.login(group, ...DEMO_USERS.viewer, next);
  }
}

/**
 * An attacker on one address sends wrong passwords for the operator; the operator, on another
 * address, must still get in (waiting out short delays is fine, a lock-out is not).
 */
export async function wrongPasswordBurst(recorder: Recorder, options: DashboardDriverOptions & { attempts: number; maxWaitMs: number }): Promise<Check> {
  const name = 'wrong-password burst does not lock the operator out';
  const group = 'wrong-password burst';
  const attacker = new DashboardBrowser(recorder, options.url, '203.0.113.66');
  const statuses: Record<string, number> = {};
  for (let i = 0; i < options.attempts; i += 1) {
    const answer = await attacker.login(group, DEMO_USERS.operator[0], `wrong-password-${i}`);
    statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
  }
  const operator = new DashboardBrowser(recorder, options.url, '198.51.100.7');
  const started = Date.now();
  for (;;) {
    const answer = await operator.login(group, ...DEMO_USERS.operator);
    const waited = ((Date.now() - started) / 1000).toFixed(1);
    if (answer.status === 303 && !(answer.headers.get('location') ?? '').startsWith('/login')) {
      return {
        name,
        result: 'pass',
        detail: `operator signed in after ${waited} s, following ${options.attempts} wrong passwords from another address (attacker got ${JSON.stringify(statuses)})`,
      };
    }
    const retryAfterMs = Number(answer.headers.get('retry-after') ?? 'NaN') * 1000;
    if (!(retryAfterMs > 0) || Date.now() - started + retryAfterMs > options.maxWaitMs) {
      return {
        name,
        result: 'fail',
        detail: `operator refused with ${answer.status} (Retry-After ${answer.headers.get('retry-after') ?? 'none'} s) after ${options.attempts} wrong passwords from another address (attacker got ${JSON.stringify(statuses)})`,
      };
    }
    await sleep(retryAfterMs);
  }
}

/** A signed-in operator stays signed in while anonymous clients fetch the sign-in page `requests` times. */
export async function loginFlood(recorder: Recorder, options: DashboardDriverOptions & { requests: number; concurrency: number }): Promise<Check> {
  const name = 'anonymous GET /login flood keeps operators signed in';
  const group = 'login flood';
  const operator = new DashboardBrowser(recorder, options.url, '198.51.100.8');
  await operator.login(group, ...DEMO_USERS.operator);
  if (!(await operator.signedIn(group))) return { name, result: 'fail', detail: 'the operator could not sign in before the flood' };
  const started = Date.now();
  let left = options.requests;
  const worker = async () => {
    for (; left > 0; left -= 1)
      await recorder.send('dashboard', group, 'anonymous GET /login', `${options.url}/login`, { headers: { 'x-forwarded-for': '203.0.113.77' } });
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const still = await operator.signedIn(group);
  if (!still) return { name, result: 'fail', detail: `operator signed out by ${options.requests} anonymous GET /login in ${seconds} s` };
  if (options.requests <= OLD_SESSION_CAP)
    return { name, result: 'skipped', detail: `still signed in, but ${options.requests} requests cannot reach the old cap of ${OLD_SESSION_CAP} sessions` };
  return { name, result: 'pass', detail: `operator still signed in after ${options.requests} anonymous GET /login in ${seconds} s` };
}
