/**
 * Counts failed logins per username in a sliding window; once a username reaches the limit it is
 * locked until its oldest failure leaves the window. Per username (not per address) because the
 * threat is guessing one operator's password, possibly from many addresses.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly options: { maxFailures: number; windowMs: number; now: () => number; maxTracked?: number }) {}

  /** Milliseconds until this username may try again; 0 when it may try now. */
  retryAfterMs(username: string): number {
    const recent = this.recent(username.toLowerCase());
    if (recent.length < this.options.maxFailures) return 0;
    return Math.max(1, recent[recent.length - this.options.maxFailures]! + this.options.windowMs - this.options.now());
  }

  recordFailure(username: string): void {
    const key = username.toLowerCase();
    const recent = this.recent(key);
    recent.push(this.options.now());
    this.failures.delete(key);
    this.failures.set(key, recent);
    // Bound memory under a spray of made-up usernames: forget the least recently failing.
    const maxTracked = this.options.maxTracked ?? 10_000;
    while (this.failures.size > maxTracked) {
      const oldest = this.failures.keys().next().value;
      if (oldest === undefined) break;
      this.failures.delete(oldest);
    }
  }

  recordSuccess(username: string): void {
    this.failures.delete(username.toLowerCase());
  }

  private recent(key: string): number[] {
    const cutoff = this.options.now() - this.options.windowMs;
    return (this.failures.get(key) ?? []).filter((at) => at > cutoff);
  }
}
