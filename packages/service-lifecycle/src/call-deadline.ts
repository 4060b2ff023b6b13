/** The deadline of one outgoing call, and the call's end. */
export interface CallDeadline {
  /** Aborts with a TimeoutError at the deadline, or with the stop signal's reason if that comes first. */
  readonly signal: AbortSignal;
  /** True once the deadline (not the stop signal) aborted the call. */
  readonly timedOut: boolean;
  /** The call has ended: the deadline's timer goes. */
  done(): void;
}

/**
 * A signal for one outgoing call that aborts after `ms`, or when `stop` aborts. Call `done()` once
 * the call has ended.
 *
 * Not AbortSignal.timeout: its timer runs on after the call, and keeps the signal alive with every
 * abort listener the HTTP client put on it (fetch's and undici's request state, 0.5-1.3 KB per call),
 * so a service making hundreds of calls a second held the last 10-15 seconds of finished calls on
 * its heap, all of them promoted to the old generation before they could go.
 */
export function callDeadline(ms: number, stop?: AbortSignal): CallDeadline {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), ms);
  // Like AbortSignal.timeout's, the timer alone does not keep the process running.
  timer.unref();
  return {
    signal: stop ? AbortSignal.any([deadline.signal, stop]) : deadline.signal,
    get timedOut() {
      return deadline.signal.aborted;
    },
    done: () => clearTimeout(timer),
  };
}
