import { describe, expect, it } from 'vitest';
import { freshnessTracker } from '../src/status/freshness';

const T0 = Date.parse('2026-03-11T12:00:00Z');
const ends = (entries: [number, bigint][]) => new Map(entries);

describe('status view freshness (asOf watermark)', () => {
  it('is unknown until the view has applied everything a sample of the topic end held', () => {
    const tracker = freshnessTracker();
    expect(tracker.asOf()).toBeUndefined();
    tracker.sample(
      T0,
      ends([
        [0, 10n],
        [1, 5n],
      ]),
    );
    expect(tracker.asOf()).toBeUndefined();
    tracker.applied(0, '9');
    tracker.applied(1, '3');
    tracker.sample(
      T0 + 1_000,
      ends([
        [0, 10n],
        [1, 5n],
      ]),
    );
    expect(tracker.asOf()).toBeUndefined();
    tracker.applied(1, '4');
    tracker.sample(
      T0 + 2_000,
      ends([
        [0, 12n],
        [1, 5n],
      ]),
    );
    // The samples at T0 and T0 + 1 s are reached (offsets 9 and 4 are the last records then); T0 + 2 s is not.
    expect(tracker.asOf()).toEqual(new Date(T0 + 1_000));
  });

  it('is current at once for a topic with nothing to read, and never moves back', () => {
    const tracker = freshnessTracker();
    tracker.sample(T0, ends([]));
    expect(tracker.asOf()).toEqual(new Date(T0));
    tracker.applied(2, '7');
    tracker.sample(T0 + 5_000, ends([[2, 8n]]));
    expect(tracker.asOf()).toEqual(new Date(T0 + 5_000));
    // An older applied offset reported late (a retried batch) does not undo what was reached.
    tracker.applied(2, '3');
    tracker.sample(T0 + 6_000, ends([[2, 8n]]));
    expect(tracker.asOf()).toEqual(new Date(T0 + 6_000));
    tracker.sample(T0 + 7_000, ends([[2, 9n]]));
    expect(tracker.asOf()).toEqual(new Date(T0 + 6_000));
  });

  it("takes the view's start as established once it read to where the topic ended then", () => {
    const tracker = freshnessTracker();
    tracker.sample(T0 + 1_000, ends([[0, 50n]]));
    tracker.reached(T0);
    expect(tracker.asOf()).toEqual(new Date(T0));
    tracker.applied(0, '49');
    tracker.sample(T0 + 2_000, ends([[0, 50n]]));
    expect(tracker.asOf()).toEqual(new Date(T0 + 2_000));
    tracker.reached(T0);
    expect(tracker.asOf()).toEqual(new Date(T0 + 2_000));
  });

  it('keeps a bounded number of samples while far behind, and then only ever understates how current it is', () => {
    const tracker = freshnessTracker();
    // 2,000 samples a second apart, the topic growing 10 records each, none of them reached yet.
    for (let i = 0; i < 2_000; i += 1) tracker.sample(T0 + i * 1_000, ends([[0, BigInt((i + 1) * 10)]]));
    expect(tracker.asOf()).toBeUndefined();
    // The view reaches what the topic held at sample 1,500 (T0 + 1500 s).
    tracker.applied(0, String(1_501 * 10 - 1));
    tracker.sample(T0 + 2_000_000, ends([[0, 20_010n]]));
    const asOf = tracker.asOf();
    expect(asOf).toBeDefined();
    expect(asOf?.getTime()).toBeLessThanOrEqual(T0 + 1_500_000);
    expect(asOf?.getTime()).toBeGreaterThanOrEqual(T0);
  });
});
