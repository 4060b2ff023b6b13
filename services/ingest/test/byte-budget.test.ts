import { KafkaUnavailableError, type OutgoingRecord } from '@firstsync/kafka';
import { describe, expect, it } from 'vitest';
import { recordBytes, withByteBudget } from '../src/kafka/byte-budget';

/** A sender whose sends resolve only when the test says so, recording what was outstanding. */
function controlledSender() {
  const pending: { bytes: number; resolve: () => void; reject: (err: Error) => void }[] = [];
  let maxOutstanding = 0;
  return {
    pending,
    get maxOutstanding() {
      return maxOutstanding;
    },
    send(records: OutgoingRecord | readonly OutgoingRecord[]) {
      const list = Array.isArray(records) ? (records as readonly OutgoingRecord[]) : [records as OutgoingRecord];
      return new Promise<void>((resolve, reject) => {
        pending.push({ bytes: list.reduce((s, r) => s + recordBytes(r), 0), resolve, reject });
        maxOutstanding = Math.max(
          maxOutstanding,
          pending.reduce((s, p) => s + p.bytes, 0),
        );
      });
    },
  };
}

const record = (bytes: number): OutgoingRecord => ({ topic: 't', key: null, value: 'x'.repeat(bytes) });
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('withByteBudget', () => {
  it('never has more than the budget outstanding, and admits waiting sends in order as acks come', async () => {
    const sender = controlledSender();
    const budgeted = withByteBudget(sender, { maxOutstandingBytes: 100, maxWaitMs: 10_000 });
    const order: number[] = [];
    const sends = [40, 40, 40, 10].map((bytes, i) => budgeted.send(record(bytes)).then(() => order.push(i)));
    await tick();
    // 40 + 40 fit; the third waits, and the small fourth waits behind it (first come, first served).
    expect(sender.pending.map((p) => p.bytes)).toEqual([40, 40]);
    sender.pending.shift()?.resolve();
    await tick();
    expect(sender.pending.map((p) => p.bytes)).toEqual([40, 40, 10]);
    for (const p of sender.pending.splice(0)) p.resolve();
    await Promise.all(sends);
    expect(order).toEqual([0, 1, 2, 3]);
    expect(sender.maxOutstanding).toBeLessThanOrEqual(100);
  });

  it('lets a send larger than the budget go alone', async () => {
    const sender = controlledSender();
    const budgeted = withByteBudget(sender, { maxOutstandingBytes: 100, maxWaitMs: 10_000 });
    const big = budgeted.send(record(500));
    await tick();
    expect(sender.pending.map((p) => p.bytes)).toEqual([500]);
    sender.pending[0]?.resolve();
    await expect(big).resolves.toBeUndefined();
  });

  it('releases the budget when a send fails, and fails a send that waited too long as unavailable', async () => {
    const sender = controlledSender();
    const budgeted = withByteBudget(sender, { maxOutstandingBytes: 100, maxWaitMs: 50 });
    const first = budgeted.send(record(90));
    const starved = budgeted.send(record(90));
    await expect(starved).rejects.toBeInstanceOf(KafkaUnavailableError);
    sender.pending[0]?.reject(new KafkaUnavailableError('down'));
    await expect(first).rejects.toBeInstanceOf(KafkaUnavailableError);
    const next = budgeted.send(record(90));
    await tick();
    expect(sender.pending.map((p) => p.bytes)).toEqual([90, 90]);
    sender.pending[1]?.resolve();
    await expect(next).resolves.toBeUndefined();
  });
});
