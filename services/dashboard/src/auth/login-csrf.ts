import { randomBytes } from 'node:crypto';
import { hmac, safeEqual } from './hmac';

/**
 * CSRF protection for the sign-in form without any server-side state (so anonymous visitors cost
 * the server nothing and cannot crowd real sessions out): a signed double submit. The form's
 * cookie holds a random nonce and its issue time; the form's token is an HMAC of that cookie under
 * the server's secret. A forged post has neither the cookie (SameSite=Strict, HttpOnly) nor can it
 * compute the token; a stale cookie (older than `ttlMs`) is refused.
 */
export class LoginCsrf {
  constructor(
    private readonly secret: string,
    private readonly now: () => number,
    readonly ttlMs = 60 * 60_000,
  ) {}

  /** A new cookie value for the form. */
  issue(): string {
    return `${randomBytes(18).toString('base64url')}.${this.now().toString(36)}`;
  }

  /** The form token for a cookie value, if the value is well-formed and fresh enough to keep using. */
  tokenFor(cookie: string | undefined, minRemainingMs = 0): string | undefined {
    if (!cookie) return undefined;
    const match = /^[A-Za-z0-9_-]{24}\.([0-9a-z]{1,12})$/.exec(cookie);
    const issued = match?.[1];
    if (issued === undefined) return undefined;
    const issuedAt = Number.parseInt(issued, 36);
    const age = this.now() - issuedAt;
    if (!Number.isFinite(issuedAt) || age < 0 || age > this.ttlMs - minRemainingMs) return undefined;
    return hmac(this.secret, 'login-csrf', cookie);
  }

  verify(cookie: string | undefined, token: unknown): boolean {
    const expected = this.tokenFor(cookie);
    return expected !== undefined && typeof token === 'string' && safeEqual(token, expected);
  }
}
