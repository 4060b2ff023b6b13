/**
 * Wraps an expensive health probe (a Kafka metadata round trip) so frequent readiness polls cost at
 * most one probe per `ttlMs`, and a hanging probe counts as a failure after `timeoutMs`.
 */
export function cachedProbe(probe: () => Promise<boolean>, { ttlMs, timeoutMs, now = Date.now }: { ttlMs: number; timeoutMs: number; now?: () => number }) {
  let last: { at: number; ok: boolean } | undefined;
  let running: Promise<boolean> | undefined;
  return async (): Promise<boolean> => {
    if (last && now() - last.at < ttlMs) return last.ok;
    running ??= (async () => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      try {
        const ok = await Promise.race([probe().catch(() => false), timeout]);
        last = { at: now(), ok };
        return ok;
      } finally {
        clearTimeout(timer);
        running = undefined;
      }
    })();
    return running;
  };
}
