import type { AwaitingAcks } from '@firstsync/metrics';
import type { AckTrackingStore } from './ack-tracking-store';

/** How many sent messages still await an acknowledgement and how long the oldest has waited (read at each scrape). */
export function awaitingAcks(store: Pick<AckTrackingStore, 'awaiting'>, now: Date): AwaitingAcks {
  const awaiting = store.awaiting();
  let oldest = now.getTime();
  for (const entry of awaiting) oldest = Math.min(oldest, entry.tracking.sentAt.getTime());
  return { awaiting: awaiting.length, oldestSeconds: Math.max(0, (now.getTime() - oldest) / 1000) };
}
