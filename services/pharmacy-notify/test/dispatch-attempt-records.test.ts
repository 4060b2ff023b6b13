import { randomBytes, randomUUID } from 'node:crypto';
import type { WebhookAttempt } from '@firstsync/contracts';
import { encryptSecret, generateSecret } from '@firstsync/standard-webhooks';
import { quietLogger } from '@firstsync/testkit';
import { describe, expect, it } from 'vitest';
import { createAttemptRecorder } from '../src/dispatch/attempt-recorder';
import type { DispatchConfig } from '../src/dispatch/config';
import { runEndpointLoop } from '../src/dispatch/endpoint-loop';
import { createLimiter } from '../src/dispatch/limiter';
import type { WebhookSender } from '../src/dispatch/send-webhook';
import { createFeedStore } from '../src/feed/feed-store';
import { createAttemptsStore, createEndpointRegistryStore } from '../src/registry/memory-stores';
import { attempt, feedEntry, pharmacyEvent } from './dispatch-fixtures';

/** A write Kafka has not acknowledged yet: the test says when it is. */
function heldWrites() {
  const held: Array<{ attempt: WebhookAttempt; acknowledge: () => void }> = [];
  return {
    held,
    write: (written: WebhookAttempt) => new Promise<void>((resolve) => held.push({ attempt: written, acknowledge: resolve })),
    acknowledgeAll: () => {
      for (const write of held.splice(0)) write.acknowledge();
    },
  };
}

async function until(check: () => boolean): Promise<void> {
  for (let tries = 0; !check(); tries += 1) {
    if (tries > 500) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

describe('attempt recorder', () => {
  it('lets the caller go on while records are written, up to its bound, and drains them all', async () => {
    const writes = heldWrites();
    const recorder = createAttemptRecorder(writes.write, quietLogger, 3);
    for (const n of [1, 2]) await recorder.record(attempt({ eventId: `e${n}`, outcome: 'delivered', at: '2026-03-10T12:00:00.000Z' }));
    expect(writes.held).toHaveLength(2);

    let third = false;
    const recording = recorder.record(attempt({ eventId: 'e3', outcome: 'delivered', at: '2026-03-10T12:00:00.000Z' })).then(() => {
      third = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(third).toBe(false); // three outstanding: the bound holds the caller
    writes.held[0]?.acknowledge();
    await recording;

    let drained = false;
    const draining = recorder.drain().then(() => {
      drained = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(drained).toBe(false);
    writes.acknowledgeAll();
    await draining;
  });

  it('logs a failed write and carries on', async () => {
    const recorder = createAttemptRecorder(() => Promise.reject(new Error('broker down')), quietLogger);
    await recorder.record(attempt({ eventId: 'e1', outcome: 'delivered', at: '2026-03-10T12:00:00.000Z' }));
    await expect(recorder.drain()).resolves.toBeUndefined();
  });
});

describe('endpoint loop and its attempt records', () => {
  it('sends the next event without waiting for the previous attempt’s record, and waits for every record before it ends', async () => {
    const secretKey = randomBytes(32);
    const feed = createFeedStore({ maxEventsPerPharmacy: 100 });
    const events = Array.from({ length: 5 }, () => pharmacyEvent('consultation.accepted', { pharmacyOds: 'FA123' }));
    events.forEach((event, index) => {
      feed.append(feedEntry(BigInt(index), event, 0));
    });
    const endpoints = createEndpointRegistryStore(async () => undefined);
    const endpointId = randomUUID();
    endpoints.apply({
      kind: 'created',
      endpointId,
      pharmacyOds: 'FA123',
      url: 'https://pharmacy.example/hooks',
      eventTypes: ['consultation.accepted'],
      secret: encryptSecret(generateSecret(), secretKey),
      startAfter: [{ partition: 0, offset: '0' }],
      at: '2026-03-10T11:00:00.000Z',
      actor: 'test-client',
    });
    const writes = heldWrites();
    const attempts = createAttemptsStore(writes.write);
    const sent: string[] = [];
    const sender: WebhookSender = {
      async send(request) {
        sent.push((JSON.parse(request.body) as { eventId: string }).eventId);
        return { result: { kind: 'response', status: 204, bodyBytes: 0, truncated: false, excerpt: '' }, durationMs: 1 };
      },
      close: async () => undefined,
    };
    const config: DispatchConfig = {
      timeoutMs: 1_000,
      retryScheduleMs: [0, 50],
      maxConcurrent: 4,
      maxResponseBytes: 4096,
      urlPolicy: { allowHttp: false, allowPrivate: false, allowCidrs: [] },
      secretKey,
    };
    const controller = new AbortController();
    let ended = false;
    const loop = runEndpointLoop(
      {
        feed,
        endpoints,
        attempts,
        sender,
        limiter: createLimiter(4),
        config,
        logger: quietLogger,
        now: () => new Date(),
        random: () => 0.5,
        cursors: new Map(),
        appended: () => ({ wait: (signal) => new Promise((resolve) => signal.addEventListener('abort', () => resolve())), cancel: () => undefined }),
      },
      endpointId,
      controller.signal,
    ).then((end) => {
      ended = true;
      return end;
    });

    // Every event is sent while no record of the earlier ones is acknowledged.
    await until(() => sent.length === events.length);
    expect(sent).toEqual(events.map((event) => event.eventId));
    expect(writes.held.map((held) => held.attempt.eventId)).toEqual(sent);

    controller.abort();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(ended).toBe(false); // its records are still being written
    writes.acknowledgeAll();
    await expect(loop).resolves.toBe('stopped');
  });
});
