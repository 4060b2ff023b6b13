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

/** What the store holds now (tests assert its bounds; the numbers are counts, never content). */
export interface FeedStats {
  /** Events kept, across every pharmacy: at most maxEvents. */
  readonly events: number;
  /** Pharmacies seen (each keeps its partition and how far its feed was cut, even with no event kept). */
  readonly pharmacies: number;
  /** Slots of the arrival-order index, kept and already dropped: compacted, so at most twice maxEvents (or 1,024). */
  readonly orderSlots: number;
}

/** The feed plus what the materialiser and the change-feed route need. */
export interface FeedStore extends PharmacyFeed {
  /** Appends a record in partition order; false when its eventId is already in the pharmacy's feed (a re-projection). */
  append(entry: FeedEntry): boolean;
  stats(): FeedStats;
}

/**
 * Events kept across every pharmacy by default (FEED_MAX_EVENTS): ~0.65 KB each on the heap with
 * its index slots, so ~26 MB of pharmacy-notify's 96 MB heap budget (about a day and a half of
 * national traffic). The per-pharmacy bound alone lets the heap grow with the number of pharmacies.
 */
export const DEFAULT_FEED_MAX_EVENTS = 40_000;

export interface FeedStoreOptions {
  readonly maxEventsPerPharmacy: number;
  /** Events kept across every pharmacy; the oldest (in arrival order, whatever its pharmacy) dropped first. */
  readonly maxEvents?: number;
}

interface PharmacyLog {
  readonly partition: number;
  /** Slots before `head` are emptied as they are dropped, so a dropped event is released at once. */
  entries: (FeedEntry | undefined)[];
  /** Index of the first live entry: dropping from the front is a counter bump, the slots compacted in bulk. */
  head: number;
  readonly eventIds: Set<string>;
  /** Offset of the newest entry dropped by either bound (-1n: none). */
  droppedThrough: bigint;
}

function firstAfter(entries: readonly (FeedEntry | undefined)[], from: number, offset: bigint): number {
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

export function createFeedStore({ maxEventsPerPharmacy, maxEvents = DEFAULT_FEED_MAX_EVENTS }: FeedStoreOptions): FeedStore {
  const logs = new Map<string, PharmacyLog>();
  // The first offset read per partition: a partition read from a non-zero offset lost its start to
  // retention, and a cursor from before that may have missed events.
  const firstRead = new Map<number, bigint>();
  const listeners = new Set<(pharmacyOds: string) => void>();
  // Every appended event's log and offset in arrival order, so the total bound drops the oldest
  // event whatever its pharmacy. A slot whose event the per-pharmacy bound dropped first is stale
  // (offset <= its log's droppedThrough) and skipped; slots are compacted in bulk.
  let orderLogs: PharmacyLog[] = [];
  let orderOffsets: bigint[] = [];
  let orderHead = 0;
  let total = 0;
  const compactOrderAbove = Math.max(2 * maxEvents, 1024);

  function drop(log: PharmacyLog): void {
    const dropped = log.entries[log.head];
    if (dropped === undefined) return;
    log.eventIds.delete(dropped.event.eventId);
    log.droppedThrough = dropped.offset;
    log.entries[log.head] = undefined;
    log.head += 1;
    total -= 1;
    // Empty slots go once they are as many as the kept ones: per pharmacy at most as many as live
    // entries, so across pharmacies never more than maxEvents (an emptied pharmacy keeps none).
    if (log.head * 2 >= log.entries.length) {
      log.entries = log.entries.slice(log.head);
      log.head = 0;
    }
  }

  function compactOrder(): void {
    const logsKept: PharmacyLog[] = [];
    const offsetsKept: bigint[] = [];
    for (let i = orderHead; i < orderLogs.length; i += 1) {
      const log = orderLogs[i];
      const offset = orderOffsets[i];
      if (log === undefined || offset === undefined || offset <= log.droppedThrough) continue;
      logsKept.push(log);
      offsetsKept.push(offset);
    }
    orderLogs = logsKept;
    orderOffsets = offsetsKept;
    orderHead = 0;
  }

  /** Drops the oldest event kept, of whichever pharmacy; false when there is none. */
  function dropOldest(): boolean {
    while (orderHead < orderLogs.length) {
      const log = orderLogs[orderHead];
      const offset = orderOffsets[orderHead];
      orderHead += 1;
      if (log === undefined || offset === undefined || offset <= log.droppedThrough) continue;
      // Per pharmacy both bounds drop from the front in offset order, so a live slot is its log's head.
      drop(log);
      return true;
    }
    return false;
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
      total += 1;
      orderLogs.push(log);
      orderOffsets.push(entry.offset);
      while (log.entries.length - log.head > maxEventsPerPharmacy) drop(log);
      while (total > maxEvents) if (!dropOldest()) break;
      if (orderLogs.length > compactOrderAbove) compactOrder();
      for (const listener of listeners) listener(ods);
      return true;
    },
    after(pharmacyOds, afterOffset, limit) {
      const log = logs.get(pharmacyOds);
      if (log === undefined || limit <= 0) return [];
      const start = firstAfter(log.entries, log.head, afterOffset);
      return log.entries.slice(start, start + limit).filter((entry): entry is FeedEntry => entry !== undefined);
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
    stats: () => ({ events: total, pharmacies: logs.size, orderSlots: orderLogs.length }),
  };
}
