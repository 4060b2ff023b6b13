import type { PharmacyFeed } from './feed-store';

/**
 * Resolves when an event of the pharmacy is appended, after `timeoutMs`, or when `signal` aborts
 * (the client went away or the server is closing), whichever comes first. Never rejects: the
 * caller reads the feed again in every case.
 */
export function waitForAppend(feed: PharmacyFeed, pharmacyOds: string, timeoutMs: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted || timeoutMs <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      unsubscribe();
      signal.removeEventListener('abort', finish);
      resolve();
    };
    const timer = setTimeout(finish, timeoutMs);
    const unsubscribe = feed.onAppend((ods) => {
      if (ods === pharmacyOds) finish();
    });
    signal.addEventListener('abort', finish, { once: true });
  });
}
