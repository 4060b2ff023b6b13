import { randomUUID } from 'node:crypto';

/**
 * Path parameter values, already percent-encoded as they go on the wire. None is a practice of
 * the run (a hold would stop its deliveries) nor an id of a consultation of the run. In an asset
 * wildcard they try path traversal too.
 */
export const PATH_VALUES: readonly string[] = [
  randomUUID(),
  'not-a-uuid',
  'Z99999',
  '..%2F..%2Fetc%2Fpasswd',
  '../../../package.json',
  '%2e%2e',
  '%00',
  '%FF%FE',
  '%C0%AF',
  '%E6%97%A5%E6%9C%AC',
  '%F0%9F%98%80',
  '%E2%80%AE',
  '%0D%0ASet-Cookie:%20x=y',
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  '%27%20OR%201=1--',
  '__proto__',
  'constructor',
  'a'.repeat(4_000),
  '-1',
  '1e309',
];

/** Query strings: repeated keys, arrays, prototype keys, numbers out of range, every plane. */
export const QUERY_VALUES: readonly string[] = [
  'state=delivered&state=failed&state=nonsense',
  'state[]=delivered',
  'state[__proto__]=x',
  '__proto__[polluted]=1',
  'constructor[prototype][x]=1',
  'page=-1&pageSize=1e9',
  'page=NaN&pageSize=Infinity',
  'limit=-5',
  'limit=99999999999999999999',
  'minutes=1e309',
  'from=2026-02-30&to=9999-99-99',
  'from=%00&to=%FF',
  'practiceOds=%E2%80%AEA81001&pharmacyOds=%F0%9F%98%80',
  'id=%3Cscript%3E',
  `q=${'%E6%97%A5'.repeat(500)}`,
  'service=pharmacy-first&service=contraception',
  'a=1&'.repeat(400),
  '%',
  '%%%',
  '=&=&=',
];

/** Bodies for command routes (sent with a valid CSRF token by an operator): none names a real target. */
export const COMMAND_BODIES: readonly { label: string; contentType: string; body: (csrf: string) => string }[] = [
  { label: 'empty form', contentType: 'application/x-www-form-urlencoded', body: (csrf) => `_csrf=${csrf}` },
  {
    label: 'reason of every plane',
    contentType: 'application/x-www-form-urlencoded',
    body: (csrf) => new URLSearchParams({ _csrf: csrf, reason: 'O’Sullivan Łukasiewicz Nguyễn الحداد 𠮷 😀 \u202E\u0000', ods: 'Z99999' }).toString(),
  },
  {
    label: 'very long reason',
    contentType: 'application/x-www-form-urlencoded',
    body: (csrf) => new URLSearchParams({ _csrf: csrf, reason: 'x'.repeat(100_000) }).toString(),
  },
  { label: 'repeated fields', contentType: 'application/x-www-form-urlencoded', body: (csrf) => `_csrf=${csrf}&reason=a&reason=b&ods=Z99999&ods=Z99998` },
  { label: 'broken percent-encoding', contentType: 'application/x-www-form-urlencoded', body: (csrf) => `_csrf=${csrf}&reason=%E0%A4%A&ods=%` },
  {
    label: 'JSON with prototype keys',
    contentType: 'application/json',
    body: () => '{"reason":"x","__proto__":{"role":"operator"},"constructor":{"prototype":{"x":1}}}',
  },
  { label: 'JSON, duplicate keys', contentType: 'application/json', body: () => '{"reason":"a","reason":{"nested":true},"expectedCount":-1}' },
  { label: 'JSON, wrong types', contentType: 'application/json', body: () => '{"reason":["a"],"expectedCount":"lots","ods":42}' },
  { label: 'JSON, invalid', contentType: 'application/json', body: () => '{"reason":' },
  { label: 'JSON, deep nesting', contentType: 'application/json', body: () => `${'['.repeat(5_000)}${']'.repeat(5_000)}` },
];

/**
 * `next` values: other origins in every spelling browsers accept, header injection, characters
 * outside Latin-1 (Node refuses them in a Location header), NUL, and very long ones.
 */
export const NEXT_VALUES: readonly string[] = [
  '//evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  'https://evil.example/',
  'http:/evil.example',
  'javascript:alert(1)',
  '/%2F%2Fevil.example',
  '/\t/evil.example',
  '////evil.example',
  '/\r\nSet-Cookie: x=y',
  '/%0d%0aSet-Cookie:%20x=y',
  '/consultations?x=\u00FF',
  '/consultations/\u0100',
  '/日本',
  '/😀',
  '/\u202Eevil',
  '/\u0000',
  '/\uD800',
  `/${'a'.repeat(9_000)}`,
  '',
  ' ',
  '/login?next=//evil.example',
  '/consultations',
];

/** Pure: whether a route pattern takes path parameters (`:id`, `:ods`) or a wildcard (`*`). */
export const takesParameters = (pattern: string) => /:[a-z]+|\*/i.test(pattern);

/** Pure: a route pattern with a value in each path parameter and in its wildcard. */
export const fillPath = (pattern: string, value: string) => pattern.replace(/:[a-z]+/gi, value).replace(/\*$/, value);

/** Pure: whether a Location header keeps the browser on the dashboard (a same-origin path). */
export function sameOriginRedirect(location: string, origin: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a Location holding a control character (header splitting, URL-parser confusion) is never a safe redirect; detecting them is the point
  if (/[\u0000-\u001f\u007f\\]/.test(location)) return false;
  try {
    return new URL(location, origin).origin === origin && !location.startsWith('//');
  } catch {
    return false;
  }
}
