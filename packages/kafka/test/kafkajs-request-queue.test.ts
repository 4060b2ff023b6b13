import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// kafkajs' per-connection request queue (src/network/requestQueue/index.js, patched:
// patches/kafkajs@2.2.4.patch). Upstream, every check of the pending queue scheduled the next one,
// 1 ms later when unthrottled, whether anything was pending or not: each broker connection of every
// service ran a timer loop for the life of the process (kafkajs issues #1556, #1704).
const require = createRequire(import.meta.url);

interface Entry {
  correlationId: number;
  apiKey: number;
  apiName: string;
  apiVersion: number;
  resolve: (response: unknown) => void;
  reject: (error: unknown) => void;
}
interface RequestQueue {
  push(request: { entry: Entry; expectResponse: boolean; sendRequest: () => void; requestTimeout?: number }): void;
  fulfillRequest(response: { correlationId: number; payload: Buffer | null; size: number }): void;
  maybeThrottle(clientSideThrottleTime: number | null): void;
}
type RequestQueueClass = new (options: Record<string, unknown>) => RequestQueue;
const RequestQueue = require('kafkajs/src/network/requestQueue') as RequestQueueClass;

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

function queue(maxInFlightRequests: number | null = null): RequestQueue {
  return new RequestQueue({ maxInFlightRequests, requestTimeout: 30_000, enforceRequestTimeout: false, clientId: 'test', broker: 'b:9092', logger: quiet });
}

function request(correlationId: number, sent: number[]) {
  return {
    entry: { correlationId, apiKey: 1, apiName: 'Fetch', apiVersion: 11, resolve() {}, reject() {} },
    expectResponse: true,
    requestTimeout: 30_000,
    sendRequest: () => sent.push(correlationId),
  };
}

describe('kafkajs request queue (patched)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('leaves no timer behind once a request is answered and nothing is pending', () => {
    const q = queue();
    const sent: number[] = [];
    q.push(request(1, sent));
    q.fulfillRequest({ correlationId: 1, payload: Buffer.alloc(0), size: 0 });
    expect(sent).toEqual([1]);
    // Upstream this was 1 here, and still 1 after any number of ticks (the loop re-arms itself).
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(1_000);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('sends a request held by the in-flight limit as soon as the one in flight is answered', () => {
    const q = queue(1);
    const sent: number[] = [];
    q.push(request(1, sent));
    q.push(request(2, sent));
    expect(sent).toEqual([1]);
    q.fulfillRequest({ correlationId: 1, payload: Buffer.alloc(0), size: 0 });
    expect(sent).toEqual([1, 2]);
    q.fulfillRequest({ correlationId: 2, payload: Buffer.alloc(0), size: 0 });
    // The check armed while request 2 waited fires once and finds nothing to do; nothing re-arms it.
    vi.advanceTimersByTime(1_000);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('sends a request queued behind the broker throttle when the throttle ends, then stops checking', () => {
    const q = queue();
    const sent: number[] = [];
    q.maybeThrottle(250);
    q.push(request(1, sent));
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(249);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(20);
    expect(sent).toEqual([1]);
    q.fulfillRequest({ correlationId: 1, payload: Buffer.alloc(0), size: 0 });
    expect(vi.getTimerCount()).toBe(0);
  });
});
