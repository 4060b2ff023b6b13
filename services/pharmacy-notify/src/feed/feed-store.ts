import type { PharmacyEvent } from '@firstsync/contracts';

/** One event of a pharmacy's feed at its place on pharmacy.events.v1 (all of a pharmacy's events share a partition). */
export interface FeedEntry {
  readonly partition: number;
  readonly offset: bigint;
  readonly event: PharmacyEvent;
}

/** What the change-feed route and the dispatcher read: each pharmacy's events in offset order. */
export interface PharmacyFeed {
  /** Up to `limit` events of the pharmacy with offset > afterOffset, in order. */
  after(pharmacyOds: string, afterOffset: bigint, limit: number): readonly FeedEntry[];
  /** The partition the pharmacy's events are on, once one was seen. */
  partitionOf(pharmacyOds: string): number | undefined;
  oldest(pharmacyOds: string): FeedEntry | undefined;
  /**
   * A cursor at `offset` of `partition` still sees every later event of the pharmacy: nothing after
   * it was dropped, by this store's bound or (before this instance read the partition) by retention.
   */
  complete(pharmacyOds: string, partition: number, offset: bigint): boolean;
  /** Called after each appended event of a pharmacy; returns the unsubscribe function. */
  onAppend(listener: (pharmacyOds: string) => void): () => void;
}

/** The feed plus what the materialiser and the change-feed route need. */
export interface FeedStore extends PharmacyFeed {
  /** Appends a record in partition order; false when its eventId is already in the pharmacy's feed (a re-projection). */
  append(entry: FeedEntry): boolean;
}

export interface FeedStoreOptions {
  readonly maxEventsPerPharmacy: number;
}

interface PharmacyLog {
  readonly partition: number;
  entries: FeedEntry[];
  /** Index of the first live entry: dropping from the front is a counter bump, compacted in bulk. */
  head: number;
  readonly eventIds: Set<string>;
  /** Offset of the newest entry dropped by the bound (-1n: none). */
  droppedThrough: bigint;
}

function firstAfter(entries: readonly FeedEntry[], from: number, offset: bigint): number {
  let low = from;
  let high = entries.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const entry = entries[mid];
    if (entry !== undefined && entry.offset <= offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

export function createFeedStore({ maxEventsPerPharmacy }: FeedStoreOptions): FeedStore {
  const logs = new Map<string, PharmacyLog>();
  // The first offset read per partition: a partition read from a non-zero offset lost its start to
  // retention, and a cursor from before that may have missed events.
  const firstRead = new Map<number, bigint>();
  const listeners = new Set<(pharmacyOds: string) => void>();

  function drop(log: PharmacyLog): void {
    const dropped = log.entries[log.head];
    if (dropped === undefined) return;
    log.eventIds.delete(dropped.event.eventId);
    log.droppedThrough = dropped.offset;
    log.head += 1;
    if (log.head >= 1024 && log.head * 2 >= log.entries.length) {
      log.entries = log.entries.slice(log.head);
      log.head = 0;
    }
  }

  return {
    append(entry) {
      if (!firstRead.has(entry.partition)) firstRead.set(entry.partition, entry.offset);
      const ods = entry.event.data.pharmacyOds;
      let log = logs.get(ods);
      if (log === undefined) {
        log = { partition: entry.partition, entries: [], head: 0, eventIds: new Set(), droppedThrough: -1n };
        logs.set(ods, log);
      }
      if (log.eventIds.has(entry.event.eventId)) return false;
      log.entries.push(entry);
      log.eventIds.add(entry.event.eventId);
      while (log.entries.length - log.head > maxEventsPerPharmacy) drop(log);
      for (const listener of listeners) listener(ods);
      return true;
    },
    after(pharmacyOds, afterOffset, limit) {
      const log = logs.get(pharmacyOds);
      if (log === undefined || limit <= 0) return [];
      const start = firstAfter(log.entries, log.head, afterOffset);
      return log.entries.slice(start, start + limit);
    },
    partitionOf: (pharmacyOds) => logs.get(pharmacyOds)?.partition,
    oldest(pharmacyOds) {
      const log = logs.get(pharmacyOds);
      return log === undefined ? undefined : log.entries[log.head];
    },
    complete(pharmacyOds, partition, offset) {
      const first = firstRead.get(partition);
      if (first !== undefined && offset < first - 1n) return false;
      const log = logs.get(pharmacyOds);
      return log === undefined || offset >= log.droppedThrough;
    },
    onAppend(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
