import type { Answer, Recorder } from './recorder';

const CSRF_FIELD = /name="_csrf" value="([^"]+)"/;

/**
 * A browser of the dashboard: keeps its cookies, sends from a source address of its own when the
 * dashboard trusts a proxy's X-Forwarded-For (so one run can play an attacker and a real operator
 * on different addresses), and records every exchange.
 */
export class DashboardBrowser {
  private readonly cookies = new Map<string, string>();
  csrf = '';

  constructor(
    private readonly recorder: Recorder,
    private readonly baseUrl: string,
    private readonly sourceAddress?: string,
  ) {}

  async request(
    group: string,
    label: string,
    method: string,
    path: string,
    init: { form?: Record<string, string>; headers?: Record<string, string>; body?: string } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = { ...(this.sourceAddress ? { 'x-forwarded-for': this.sourceAddress } : {}), ...init.headers };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    let body = init.body;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const answer = await this.recorder.send('dashboard', group, label, `${this.baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    for (const cookie of answer.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const index = pair?.indexOf('=') ?? -1;
      if (pair && index > 0) this.cookies.set(pair.slice(0, index), pair.slice(index + 1));
    }
    const token = CSRF_FIELD.exec(answer.text)?.[1];
    if (token) this.csrf = token;
    return answer;
  }

  /** Signs in through the form (its CSRF token included); the answer to the POST. */
  async login(group: string, username: string, password: string, next?: string): Promise<Answer> {
    await this.request(group, 'sign-in form', 'GET', '/login');
    return this.request(group, 'sign in', 'POST', '/login', { form: { username, password, _csrf: this.csrf, ...(next !== undefined ? { next } : {}) } });
  }

  /** Whether this browser's session is signed in (the API answers 200 for /api/me). */
  async signedIn(group: string): Promise<boolean> {
    return (await this.request(group, 'am I signed in', 'GET', '/api/me')).status === 200;
  }
}
