import type { IncomingRecord } from '@firstsync/kafka';
import { idleBatchContext } from '@firstsync/testkit';
import { describe, expect, it } from 'vitest';
import { afterReady } from '../src/handlers/after-ready';

const context = idleBatchContext();
const records: IncomingRecord[] = [];

describe('afterReady (delivery work waits for the rebuilt state)', () => {
  it('holds a batch until the state is rebuilt, then hands it on', async () => {
    let rebuilt: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => {
      rebuilt = resolve;
    });
    const handled: number[] = [];
    const handler = afterReady(async () => void handled.push(1), ready, new AbortController().signal);
    const batch = handler(records, context);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(handled).toEqual([]);
    rebuilt();
    await batch;
    expect(handled).toEqual([1]);
  });

  it('lets a held batch go unhandled the moment the service stops, however long the rebuild would take', async () => {
    const stop = new AbortController();
    const handled: number[] = [];
    const handler = afterReady(async () => void handled.push(1), new Promise<void>(() => undefined), stop.signal);
    const batch = handler(records, context);
    stop.abort();
    await expect(batch).resolves.toBeUndefined();
    expect(handled).toEqual([]);
  });

  it('passes on a failed rebuild', async () => {
    const handler = afterReady(async () => undefined, Promise.reject(new Error('state topic missing')), new AbortController().signal);
    await expect(handler(records, context)).rejects.toThrow('state topic missing');
  });
});
