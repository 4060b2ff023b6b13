import type { PharmacyEvent } from '@firstsync/contracts';
import { decodeFeedCursor, encodeFeedCursor } from '@firstsync/pharmacy-events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pharmacyEvent } from './dispatch-fixtures';
import { type ApiHarness, apiHarness, auth, PHARMACY_A, PHARMACY_B } from './support/api-harness';

let harness: ApiHarness;
beforeEach(async () => {
  harness = await apiHarness({ maxEventsPerPharmacy: 5 });
});
afterEach(() => harness.close());

/** Appends events the way the feed materialiser does: A and B share partition 3, interleaved. */
function publish(events: readonly PharmacyEvent[], from = 0n): void {
  for (const [i, event] of events.entries()) harness.feed.append({ partition: 3, offset: from + BigInt(i), event });
}

const read = async (query = '', pharmacy: { key: string } = PHARMACY_A) =>
  harness.app.inject({ method: 'GET', url: `/v1/events${query}`, headers: auth(pharmacy) });

describe('GET /v1/events', () => {
  it("gives only the pharmacy's own events, in order, paged by an opaque cursor that resumes exactly", async () => {
    const a = [0, 1, 2, 3].map(() => pharmacyEvent('consultation.accepted', { pharmacyOds: PHARMACY_A.ods }));
    const b = pharmacyEvent('consultation.delivered', { pharmacyOds: PHARMACY_B.ods });
    publish([a[0], b, a[1], a[2], a[3]].filter((e): e is PharmacyEvent => e !== undefined));

    const first = await read('?limit=2');
    expect(first.statusCode).toBe(200);
    expect(first.json().events.map((e: PharmacyEvent) => e.eventId)).toEqual([a[0]?.eventId, a[1]?.eventId]);
    const cursor: string = first.json().nextCursor;
    expect(decodeFeedCursor(cursor)).toEqual({ partition: 3, offset: '2' });

    const second = await read(`?after=${cursor}&limit=10`);
    expect(second.json().events.map((e: PharmacyEvent) => e.eventId)).toEqual([a[2]?.eventId, a[3]?.eventId]);
    const end: string = second.json().nextCursor;

    const nothing = await read(`?after=${end}`);
    expect(nothing.json()).toEqual({ events: [], nextCursor: end });

    const theirs = await read('', PHARMACY_B);
    expect(theirs.json().events.map((e: PharmacyEvent) => e.eventId)).toEqual([b.eventId]);
  });

  it('answers an empty feed with no cursor', async () => {
    expect((await read()).json()).toEqual({ events: [], nextCursor: null });
  });

  it('drops a re-projected event with an eventId already in the feed', async () => {
    const event = pharmacyEvent('consultation.rejected', { pharmacyOds: PHARMACY_A.ods });
    publish([event, event]);
    expect((await read()).json().events).toHaveLength(1);
  });

  it('answers 400 for a cursor it could not have issued', async () => {
    for (const after of ['garbage', Buffer.from('v1:3:-1').toString('base64url'), Buffer.from('v2:3:1').toString('base64url')]) {
      const response = await read(`?after=${after}`);
      expect(response.statusCode, after).toBe(400);
      expect(response.json().type).toBe('urn:firstsync:problem:invalid-cursor');
    }
  });

  it('answers 400 for limits and waits out of range', async () => {
    expect((await read('?limit=501')).statusCode).toBe(400);
    expect((await read('?waitSeconds=31')).statusCode).toBe(400);
    expect((await read('?colour=red')).statusCode).toBe(400);
  });

  it('answers 410 when events after the cursor are no longer kept, and reading without a cursor starts at the oldest kept', async () => {
    const events = Array.from({ length: 8 }, () => pharmacyEvent('consultation.accepted', { pharmacyOds: PHARMACY_A.ods }));
    publish(events);
    // The feed keeps 5 per pharmacy: offsets 0-2 were dropped, so a cursor at 1 missed offset 2.
    const stale = await read(`?after=${encodeFeedCursor({ partition: 3, offset: '1' })}`);
    expect(stale.statusCode).toBe(410);
    expect(stale.json().type).toBe('urn:firstsync:problem:cursor-expired');
    const justInTime = await read(`?after=${encodeFeedCursor({ partition: 3, offset: '2' })}`);
    expect(justInTime.json().events).toHaveLength(5);
    const fresh = await read();
    expect(fresh.json().events.map((e: PharmacyEvent) => e.eventId)).toEqual(events.slice(3).map((e) => e.eventId));
  });

  it('answers 410 for a cursor from before what retention left on the partition', async () => {
    // The first record this instance read on the partition is at offset 100: 0-99 were deleted by retention.
    publish([pharmacyEvent('consultation.accepted', { pharmacyOds: PHARMACY_A.ods })], 100n);
    expect((await read(`?after=${encodeFeedCursor({ partition: 3, offset: '50' })}`)).statusCode).toBe(410);
    expect((await read(`?after=${encodeFeedCursor({ partition: 3, offset: '99' })}`)).json().events).toHaveLength(1);
    // A cursor of another partition is not this pharmacy's.
    expect((await read(`?after=${encodeFeedCursor({ partition: 4, offset: '100' })}`)).statusCode).toBe(410);
  });

  it('long polls: an answer with nothing new waits for the next event of this pharmacy', async () => {
    publish([pharmacyEvent('consultation.accepted', { pharmacyOds: PHARMACY_A.ods })]);
    const cursor: string = (await read()).json().nextCursor;
    const started = Date.now();
    const pending = read(`?after=${cursor}&waitSeconds=10`);
    const next = pharmacyEvent('consultation.delivered', { pharmacyOds: PHARMACY_A.ods });
    setTimeout(() => {
      // Another pharmacy's event does not end the wait; this pharmacy's does.
      publish([pharmacyEvent('consultation.accepted', { pharmacyOds: PHARMACY_B.ods })], 1n);
      setTimeout(() => publish([next], 2n), 100);
    }, 100);
    const response = await pending;
    expect(response.json().events.map((e: PharmacyEvent) => e.eventId)).toEqual([next.eventId]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('long polls: answers the same cursor and no events when the wait runs out', async () => {
    publish([pharmacyEvent('consultation.accepted', { pharmacyOds: PHARMACY_A.ods })]);
    const cursor: string = (await read()).json().nextCursor;
    const started = Date.now();
    const response = await read(`?after=${cursor}&waitSeconds=1`);
    expect(response.json()).toEqual({ events: [], nextCursor: cursor });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('long polls end at once when the server closes', async () => {
    const started = Date.now();
    const pending = read('?waitSeconds=30');
    await new Promise((resolve) => setTimeout(resolve, 100));
    await harness.close();
    const response = await pending;
    expect(response.json()).toEqual({ events: [], nextCursor: null });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
