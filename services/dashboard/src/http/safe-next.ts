const BASE = 'http://dashboard.invalid';

/**
 * Where to send the user after signing in: a same-site path and query only, serialised by the
 * WHATWG URL parser so it is plain ASCII (anything else percent-encoded) and can always go into a
 * Location header. Anything that could leave the site (`//evil`, `/\evil`, `/.//evil`, schemes),
 * control characters, over-long values and the sign-in page itself give `/`. Pure.
 */
export function safeNext(next: unknown): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a next= holding a control character (header splitting, URL-parser confusion) must be refused; detecting them is the point
  if (typeof next !== 'string' || next.length > 2048 || !next.startsWith('/') || /[\\\u0000-\u001f\u007f]/.test(next)) return '/';
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return '/';
  }
  const target = `${url.pathname}${url.search}`;
  if (url.origin !== BASE || !target.startsWith('/') || target.startsWith('//') || url.pathname === '/login' || url.pathname === '/logout') return '/';
  return target;
}

/** The sign-in page, remembering where the visitor was going (reads only: a form post cannot be replayed). */
export function loginLocation(method: string, url: string): string {
  const next = method === 'GET' || method === 'HEAD' ? safeNext(url) : '/';
  return next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
}
