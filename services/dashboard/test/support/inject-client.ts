import type { Dashboard } from '../../src/app';

export interface InjectedResponse {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

const CSRF_FIELD = /name="_csrf" value="([^"]+)"/;

/**
 * A browser stand-in over `app.inject` (no sockets, so tens of thousands of requests stay fast):
 * keeps its cookies, comes from one client address, never follows redirects.
 */
export class InjectClient {
  constructor(
    private readonly dashboard: Dashboard,
    readonly remoteAddress = '198.51.100.7',
    /** Pass another client's to be the same browser on another instance. */
    readonly cookies = new Map<string, string>(),
  ) {}

  async request(
    method: 'GET' | 'POST',
    url: string,
    init: { form?: Record<string, string>; headers?: Record<string, string> } = {},
  ): Promise<InjectedResponse> {
    const headers: Record<string, string> = { ...init.headers };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await this.dashboard.app.inject({
      method,
      url,
      headers,
      remoteAddress: this.remoteAddress,
      ...(init.form ? { payload: new URLSearchParams(init.form).toString() } : {}),
    });
    for (const cookie of response.cookies) {
      if (cookie.maxAge === 0 || (cookie.expires && cookie.expires.getTime() <= Date.now())) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    return { status: response.statusCode, headers: response.headers, body: response.body };
  }

  /** The sign-in form's token (and whatever cookie the form sets). */
  async loginToken(): Promise<string> {
    const form = await this.request('GET', '/login');
    const token = CSRF_FIELD.exec(form.body)?.[1];
    if (!token) throw new Error(`no CSRF token on the sign-in form (status ${form.status})`);
    return token;
  }

  async login(username: string, password: string, extra: Record<string, string> = {}): Promise<InjectedResponse> {
    const token = await this.loginToken();
    return this.request('POST', '/login', { form: { _csrf: token, username, password, ...extra } });
  }
}
