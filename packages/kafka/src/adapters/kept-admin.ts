/**
 * One admin connection kept between calls that come often (ingest's status freshness asks for the
 * topic's end every second). A fresh admin per call costs a connection, an ApiVersions and a
 * Metadata round trip, and with TLS or SASL a handshake, on both sides; a broker also counts new
 * connections against its connection-rate quota. The kept one is closed after `idleMs` without a
 * call (the timer does not hold the process open), and replaced after any call that failed on it
 * (the next call opens a new one, so a broker restart costs at most the failed call) and once it is
 * `maxAgeMs` old: kafkajs refreshes an admin's topic metadata only every 5 minutes, so a partition
 * added to a topic is seen within `maxAgeMs` rather than at once, as it was with an admin per call.
 */
export interface KeptAdmin<A> {
  use<T>(work: (admin: A) => Promise<T>): Promise<T>;
}

/** Admin connections unused this long are closed: a process that asked once (a view catching up at start) is not kept open long by the connection. */
export const KEPT_ADMIN_IDLE_MS = 5_000;
/** Admin connections this old are replaced at their next call. */
export const KEPT_ADMIN_MAX_AGE_MS = 30_000;

export interface KeptAdminTiming {
  readonly idleMs?: number;
  readonly maxAgeMs?: number;
}

interface Held<A> {
  readonly admin: Promise<A>;
  readonly openedAt: number;
  users: number;
  stale: boolean;
}

export function keptAdmin<A>(
  open: () => Promise<A>,
  close: (admin: A) => Promise<void>,
  { idleMs = KEPT_ADMIN_IDLE_MS, maxAgeMs = KEPT_ADMIN_MAX_AGE_MS }: KeptAdminTiming = {},
): KeptAdmin<A> {
  let current: Held<A> | undefined;
  let idleTimer: NodeJS.Timeout | undefined;

  const release = (held: Held<A>): void => {
    if (current === held) current = undefined;
    // A failed open has nothing to close.
    void held.admin.then(close, () => undefined).catch(() => undefined);
  };

  const closeWhenIdle = (held: Held<A>): void => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      if (held.users === 0) release(held);
    }, idleMs);
    idleTimer.unref();
  };

  return {
    async use(work) {
      clearTimeout(idleTimer);
      if (current && !current.stale && Date.now() - current.openedAt >= maxAgeMs) {
        current.stale = true;
        if (current.users === 0) release(current);
      }
      if (!current || current.stale) current = { admin: (async () => open())(), openedAt: Date.now(), users: 0, stale: false };
      const held = current;
      held.users += 1;
      try {
        return await work(await held.admin);
      } catch (err) {
        held.stale = true;
        throw err;
      } finally {
        held.users -= 1;
        if (held.users === 0) {
          if (held.stale) release(held);
          else closeWhenIdle(held);
        }
      }
    },
  };
}
