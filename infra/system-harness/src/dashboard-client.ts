// A signed-in dashboard user for system tests (security, e2e): cookies, CSRF tokens, DASHBOARD_USERS entries.
import { randomBytes, scryptSync } from 'node:crypto';

/** A `scrypt$N$r$p$salt$hash` entry for DASHBOARD_USERS (the dashboard's documented format). */
export function passwordHash(password: string): string {
  const salt = randomBytes(16);
  const N = 16_384;
  const hash = scryptSync(password.normalize('NFKC'), salt, 32, { N, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  return `scrypt$${N}$8$1$${salt.toString('base64')}$${hash.toString('base64')}`;
}

const CSRF_FIELD = /name="_csrf" value="([^"]+)"/;

/**
 * A browser-like client: keeps cookies, never follows redirects (the tests look at them). With a
 * source address it sends X-Forwarded-For, for a dashboard that trusts a proxy (DASHBOARD_TRUST_PROXY).
 */
export class DashboardClient {
  private readonly cookies = new Map<string, string>();
  constructor(
    private readonly baseUrl: string,
    private readonly sourceAddress?: string,
  ) {}

  async request(
    method: string,
    path: string,
    init: { form?: Record<string, string>; json?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { ...(this.sourceAddress ? { 'x-forwarded-for': this.sourceAddress } : {}), ...init.headers };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    } else if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    }
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body, redirect: 'manual' });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const index = pair?.indexOf('=') ?? -1;
      if (pair && index > 0) this.cookies.set(pair.slice(0, index), pair.slice(index + 1));
    }
    return response;
  }

  /** The synchronizer token of the current session, from a page's form. */
  async csrfToken(path = '/login'): Promise<string> {
    const page = await (await this.request('GET', path)).text();
    const token = CSRF_FIELD.exec(page)?.[1];
    if (!token) throw new Error(`no CSRF token on ${path}`);
    return token;
  }

  async login(username: string, password: string): Promise<Response> {
    const token = await this.csrfToken('/login');
    return this.request('POST', '/login', { form: { username, password, _csrf: token } });
  }

  cookieValues(): string[] {
    return [...this.cookies.values()];
  }
}
