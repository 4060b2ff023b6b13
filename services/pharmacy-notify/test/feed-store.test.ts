import { describe, expect, it } from 'vitest';
import { createFeedStore } from '../src/feed/feed-store';
import { pharmacyEvent } from './dispatch-fixtures';

const A = 'FXA01';
const B = 'FAB12';

describe('feed store', () => {
  it('keeps the events of each pharmacy in offset order and reads after an offset', () => {
    const feed = createFeedStore({ maxEventsPerPharmacy: 10 });
    const events = [A, B, A, A].map((ods) => pharmacyEvent('consultation.accepted', { pharmacyOds: ods }));
    for (const [i, event] of events.entries()) feed.append({ partition: 1, offset: BigInt(10 + i), event });
    expect(feed.after(A, -1n, 10).map((e) => e.offset)).toEqual([10n, 12n, 13n]);
    expect(feed.after(A, 10n, 10).map((e) => e.offset)).toEqual([12n, 13n]);
    expect(feed.after(A, 11n, 1).map((e) => e.offset)).toEqual([12n]);
    expect(feed.after(A, 13n, 10)).toEqual([]);
    expect(feed.after(B, -1n, 10).map((e) => e.offset)).toEqual([11n]);
    expect(feed.partitionOf(A)).toBe(1);
    expect(feed.partitionOf('FZZ99')).toBeUndefined();
    expect(feed.oldest(A)?.offset).toBe(10n);
  });

  it('drops a repeated eventId (a re-projection after a crash) and tells listeners only of new events', () => {
    const feed = createFeedStore({ maxEventsPerPharmacy: 10 });
    const heard: string[] = [];
    const unsubscribe = feed.onAppend((ods) => heard.push(ods));
    const event = pharmacyEvent('consultation.rejected', { pharmacyOds: A });
    expect(feed.append({ partition: 0, offset: 0n, event })).toBe(true);
    expect(feed.append({ partition: 0, offset: 1n, event })).toBe(false);
    unsubscribe();
    feed.append({ partition: 0, offset: 2n, event: pharmacyEvent('consultation.accepted', { pharmacyOds: A }) });
    expect(heard).toEqual([A]);
    expect(feed.after(A, -1n, 10).map((e) => e.offset)).toEqual([0n, 2n]);
  });

  it('keeps at most maxEventsPerPharmacy per pharmacy and knows which cursors missed dropped events', () => {
    const feed = createFeedStore({ maxEventsPerPharmacy: 3 });
    for (let offset = 0n; offset < 2_000n; offset += 1n) {
      feed.append({ partition: 0, offset, event: pharmacyEvent('consultation.accepted', { pharmacyOds: A }) });
    }
    feed.append({ partition: 0, offset: 2_000n, event: pharmacyEvent('consultation.accepted', { pharmacyOds: B }) });
    expect(feed.after(A, -1n, 10).map((e) => e.offset)).toEqual([1997n, 1998n, 1999n]);
    expect(feed.complete(A, 0, 1995n)).toBe(false);
    expect(feed.complete(A, 0, 1996n)).toBe(true);
    expect(feed.complete(B, 0, 5n)).toBe(true);
  });

  it('keeps at most maxEvents across every pharmacy, dropping the oldest of whichever pharmacy, and says which cursors missed them', () => {
    const feed = createFeedStore({ maxEventsPerPharmacy: 100, maxEvents: 25 });
    const pharmacies = Array.from({ length: 50 }, (_, i) => `FQ${String(i).padStart(3, '0')}`);
    // 50 pharmacies, 10 events each, round-robin: 500 events, each pharmacy far below its own bound.
    let offset = 0n;
    for (let round = 0; round < 10; round += 1) {
      for (const ods of pharmacies) feed.append({ partition: 0, offset: offset++, event: pharmacyEvent('consultation.accepted', { pharmacyOds: ods }) });
    }
    expect(feed.stats().events).toBe(25);
    expect(feed.stats().pharmacies).toBe(50);
    // The 25 newest are kept: the last round's events of the last 25 pharmacies.
    const [first = '', last = ''] = [pharmacies[0], pharmacies[49]];
    expect(feed.after(first, -1n, 100)).toEqual([]);
    expect(feed.after(last, -1n, 100).map((e) => e.offset)).toEqual([499n]);
    // A pharmacy emptied by the total bound still knows its partition and that its cursors missed events.
    expect(feed.partitionOf(first)).toBe(0);
    expect(feed.complete(first, 0, 449n)).toBe(false);
    expect(feed.complete(first, 0, 450n)).toBe(true);
    expect(feed.complete(last, 0, 448n)).toBe(false);
    expect(feed.complete(last, 0, 449n)).toBe(true);
  });

  it('keeps the arrival-order index bounded when the per-pharmacy bound does the dropping', () => {
    const feed = createFeedStore({ maxEventsPerPharmacy: 3, maxEvents: 10 });
    for (let offset = 0n; offset < 20_000n; offset += 1n) {
      feed.append({ partition: 0, offset, event: pharmacyEvent('consultation.accepted', { pharmacyOds: offset % 2n === 0n ? A : B }) });
    }
    expect(feed.stats().events).toBe(6);
    expect(feed.stats().orderSlots).toBeLessThanOrEqual(1_024);
    expect(feed.after(A, -1n, 10).map((e) => e.offset)).toEqual([19_994n, 19_996n, 19_998n]);
    expect(feed.after(B, -1n, 10).map((e) => e.offset)).toEqual([19_995n, 19_997n, 19_999n]);
  });

  it('holds no more than maxEvents however the events are spread (many pharmacies, one busy one)', () => {
    const feed = createFeedStore({ maxEventsPerPharmacy: 10_000, maxEvents: 1_000 });
    let offset = 0n;
    let most = 0;
    for (let i = 0; i < 9_000; i += 1) {
      // Every third event from the busy pharmacy, the others from 2,000 quiet ones.
      const ods = i % 3 === 0 ? A : `FP${String(i % 3_000).padStart(4, '0')}`;
      feed.append({ partition: 0, offset: offset++, event: pharmacyEvent('consultation.accepted', { pharmacyOds: ods }) });
      most = Math.max(most, feed.stats().events);
    }
    expect(most).toBe(1_000);
    expect(feed.stats().events).toBe(1_000);
    expect(feed.stats().orderSlots).toBeLessThanOrEqual(2_000);
    expect(feed.after(A, -1n, 10_000)).toHaveLength(333);
  });

  it('treats a partition first read at a later offset as cut by retention', () => {
    const feed = createFeedStore({ maxEventsPerPharmacy: 3 });
    feed.append({ partition: 2, offset: 500n, event: pharmacyEvent('consultation.accepted', { pharmacyOds: A }) });
    expect(feed.complete(A, 2, 498n)).toBe(false);
    expect(feed.complete(A, 2, 499n)).toBe(true);
    expect(feed.complete(A, 3, 0n)).toBe(true);
  });
});
