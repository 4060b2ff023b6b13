/**
 * A minimal browser stand-in over real HTTP: keeps the session cookie and reads the CSRF token
 * the pages carry, so tests can act as a signed-in user (or forge requests without the token).
 */
export interface HttpSession {
  cookie: string;
  csrfToken: string;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  post(path: string, body: Record<string, string>, options?: { csrf?: boolean; headers?: Record<string, string> }): Promise<Response>;
  postJson(path: string, body: unknown, options?: { csrf?: boolean; headers?: Record<string, string> }): Promise<Response>;
}

function cookieFrom(response: Response, name: 'session' | 'login'): string | undefined {
  const set = response.headers.getSetCookie().find((c) => c.includes(`firstsync_${name}=`));
  return set?.split(';')[0];
}

export function csrfTokenIn(page: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(page) ?? /<meta name="csrf-token" content="([^"]+)">/.exec(page);
  if (!match?.[1]) throw new Error('no CSRF token in the page');
  return match[1];
}

/** `landing`: a page the user may see, to read the CSRF token from (a pharmacy user sees only /worklist). */
export async function signIn(baseUrl: string, username: string, password: string, landing = '/'): Promise<HttpSession> {
  const form = await fetch(`${baseUrl}/login`);
  // The sign-in form's cookie carries no session: only its signed double-submit nonce.
  const formCookie = cookieFrom(form, 'login');
  if (!formCookie) throw new Error('GET /login set no form cookie');
  const loginToken = csrfTokenIn(await form.text());
  const login = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: formCookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: loginToken, username, password }).toString(),
  });
  const cookie = cookieFrom(login, 'session');
  if (login.status !== 303 || !cookie) throw new Error(`sign-in as ${username} failed with ${login.status}`);
  const home = await fetch(`${baseUrl}${landing}`, { headers: { cookie } });
  const csrfToken = csrfTokenIn(await home.text());
  const session: HttpSession = {
    cookie,
    csrfToken,
    get: (path, headers = {}) => fetch(`${baseUrl}${path}`, { redirect: 'manual', headers: { cookie, ...headers } }),
    post: (path, body, options = {}) =>
      fetch(`${baseUrl}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...options.headers },
        body: new URLSearchParams(options.csrf === false ? body : { _csrf: session.csrfToken, ...body }).toString(),
      }),
    postJson: (path, body, options = {}) =>
      fetch(`${baseUrl}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          cookie,
          'content-type': 'application/json',
          accept: 'application/json',
          ...(options.csrf === false ? {} : { 'x-csrf-token': session.csrfToken }),
          ...options.headers,
        },
        body: JSON.stringify(body),
      }),
  };
  return session;
}
