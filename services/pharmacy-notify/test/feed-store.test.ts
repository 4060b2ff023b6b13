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

  it('treats a partition first read at a later offset as cut by retention', () => {
    const feed = createFeedStore({ maxEventsPerPharmacy: 3 });
    feed.append({ partition: 2, offset: 500n, event: pharmacyEvent('consultation.accepted', { pharmacyOds: A }) });
    expect(feed.complete(A, 2, 498n)).toBe(false);
    expect(feed.complete(A, 2, 499n)).toBe(true);
    expect(feed.complete(A, 3, 0n)).toBe(true);
  });
});
