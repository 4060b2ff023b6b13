import { isIPv4, isIPv6 } from 'node:net';

/**
 * Sign-in throttling with growing delays rather than a lock-out (OWASP ASVS 2.2.1), so nobody can
 * keep an operator out by typing wrong passwords for their username.
 *
 * Failures are counted under two keys per attempt, each key's count forgotten once it has had no
 * failure for `windowMs`:
 * - the source (client address; an IPv6 /64, which one client controls whole): stops one machine
 *   guessing or spraying many usernames; its delay grows up to `sourceMaxDelayMs`;
 * - the account, split the way "smart lock-out" splits it: attempts from a browser that holds a
 *   device cookie for that username (it signed in there before) count under that device only;
 *   all other attempts count under the account's shared "unfamiliar" key, whose delay is capped
 *   at `accountMaxDelayMs`. An attacker without the operator's browser can therefore only slow
 *   unfamiliar browsers, and only by a short, capped delay, while guessing stays below ASVS's
 *   100 failures per account per hour.
 * The first `freeFailures` failures of a key cost nothing; then each further attempt waits
 * `baseDelayMs`, doubling per failure, after that key's latest failure.
 */
export interface LoginThrottleOptions {
  freeFailures: number;
  /** A key's failures are forgotten after this long without another; longer than either cap. */
  windowMs: number;
  baseDelayMs: number;
  accountMaxDelayMs: number;
  sourceMaxDelayMs: number;
  now: () => number;
  /** Keys remembered at most (least recently failing forgotten first), so a spray cannot exhaust memory. */
  maxTracked?: number;
}

export interface LoginAttempt {
  username: string;
  /** The client address as the server sees it (request.ip). */
  source: string;
  /** The device id of a device cookie valid for this username, if the browser sent one. */
  device?: string | undefined;
}

export interface ThrottleVerdict {
  /** Milliseconds until this attempt may be made; 0: now. */
  retryAfterMs: number;
  /** Which key holds it back (for the log; never the username). */
  heldBy?: 'source' | 'account' | 'device';
}

/** The delay owed after `failures` failures: none for the free ones, then base, 2 base, 4 base ... up to max. */
export function throttleDelayMs(failures: number, options: { freeFailures: number; baseDelayMs: number; maxDelayMs: number }): number {
  if (failures < options.freeFailures) return 0;
  return Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.min(failures - options.freeFailures, 40));
}

/** The throttling key of a client address: IPv4 as is (also when IPv4-mapped), IPv6 by its /64. */
export function sourceKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1] !== undefined) return mapped[1];
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return address.slice(0, 64);
  const [head = '', tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

interface Failures {
  count: number;
  last: number;
}

export class LoginThrottle {
  private readonly failures = new Map<string, Failures>();

  constructor(private readonly options: LoginThrottleOptions) {}

  check(attempt: LoginAttempt): ThrottleVerdict {
    const now = this.options.now();
    const keys = this.keys(attempt);
    let verdict: ThrottleVerdict = { retryAfterMs: 0 };
    for (const [kind, key, maxDelayMs] of keys) {
      const failures = this.current(key);
      if (!failures) continue;
      const wait = failures.last + throttleDelayMs(failures.count, { ...this.options, maxDelayMs }) - now;
      if (wait > verdict.retryAfterMs) verdict = { retryAfterMs: wait, heldBy: kind };
    }
    return verdict;
  }

  recordFailure(attempt: LoginAttempt): void {
    for (const [, key] of this.keys(attempt)) {
      const count = (this.current(key)?.count ?? 0) + 1;
      this.failures.delete(key);
      this.failures.set(key, { count, last: this.options.now() });
    }
    const maxTracked = this.options.maxTracked ?? 20_000;
    while (this.failures.size > maxTracked) {
      const oldest = this.failures.keys().next().value;
      if (oldest === undefined) break;
      this.failures.delete(oldest);
    }
  }

  /**
   * Only the device's own count is cleared: clearing the account's or the source's would hand an
   * attacker who knows one password fresh free guesses at the others.
   */
  recordSuccess(attempt: LoginAttempt): void {
    if (attempt.device) this.failures.delete(this.deviceKey(attempt));
  }

  private keys(attempt: LoginAttempt): [NonNullable<ThrottleVerdict['heldBy']>, string, number][] {
    const account: [NonNullable<ThrottleVerdict['heldBy']>, string, number] = attempt.device
      ? ['device', this.deviceKey(attempt), this.options.accountMaxDelayMs]
      : ['account', `account:${attempt.username.toLowerCase()}`, this.options.accountMaxDelayMs];
    return [['source', `source:${sourceKey(attempt.source)}`, this.options.sourceMaxDelayMs], account];
  }

  private deviceKey(attempt: LoginAttempt): string {
    return `device:${attempt.username.toLowerCase()}:${attempt.device ?? ''}`;
  }

  private current(key: string): Failures | undefined {
    const failures = this.failures.get(key);
    if (failures && this.options.now() - failures.last > this.options.windowMs) {
      this.failures.delete(key);
      return undefined;
    }
    return failures;
  }
}
