import { STRICT_TARGET_POLICY } from '@firstsync/standard-webhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyResult } from '../src/dispatch/classify';
import { createWebhookSender, type WebhookSender } from '../src/dispatch/send-webhook';
import { type Receiver, startReceiver } from './dispatch-receiver';

const loopbackPolicy = { allowHttp: true, allowPrivate: true, allowCidrs: [] };
const webhook = (url: string) => ({ url, headers: { 'content-type': 'application/json' }, body: '{"type":"x"}' });
const never = new AbortController().signal;

describe('webhook sender against real loopback receivers', () => {
  let receiver: Receiver;
  let sender: WebhookSender;
  let endlessWrites = 0;

  beforeAll(async () => {
    receiver = await startReceiver((request, response) => {
      if (request.path === '/ok') response.writeHead(204).end();
      else if (request.path === '/redirect') response.writeHead(307, { location: '/ok' }).end();
      else if (request.path === '/error') response.writeHead(503).end('try later\nplease');
      else if (request.path === '/huge') {
        // Streams for as long as anyone reads: only the sender's limit ends it.
        response.writeHead(200, { 'content-type': 'text/plain' });
        const write = () => {
          if (response.destroyed) return;
          endlessWrites += 1;
          response.write('x'.repeat(1024), () => setImmediate(write));
        };
        write();
      }
      // '/hang': never answers
    });
    sender = createWebhookSender({ policy: loopbackPolicy, timeoutMs: 500, maxResponseBytes: 4096 });
  });

  afterAll(async () => {
    await sender?.close();
    await receiver?.close();
  });

  it('posts the body with the given headers and reads a 2xx as delivered', async () => {
    const { result } = await sender.send(webhook(receiver.url('/ok')), never);
    expect(result).toMatchObject({ kind: 'response', status: 204 });
    expect(result.kind !== 'stopped' && classifyResult(result).outcome).toBe('delivered');
    const last = receiver.received.at(-1);
    expect(last?.body).toBe('{"type":"x"}');
    expect(last?.headers['content-type']).toBe('application/json');
  });

  it('does not follow a redirect', async () => {
    const before = receiver.received.length;
    const { result } = await sender.send(webhook(receiver.url('/redirect')), never);
    expect(result.kind !== 'stopped' && classifyResult(result)).toMatchObject({ outcome: 'failed', error: 'redirect', status: 307 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.received.slice(before).map((r) => r.path)).toEqual(['/redirect']);
  });

  it('keeps a short excerpt of an error response', async () => {
    const { result } = await sender.send(webhook(receiver.url('/error')), never);
    expect(result.kind !== 'stopped' && classifyResult(result)).toMatchObject({
      outcome: 'failed',
      error: 'http-status',
      status: 503,
      responseExcerpt: 'try later please',
    });
  });

  it('stops reading an endless body at the limit and drops the connection', async () => {
    const { result, durationMs } = await sender.send(webhook(receiver.url('/huge')), never);
    expect(result).toMatchObject({ kind: 'response', status: 200, bodyBytes: 4096, truncated: true });
    expect(result.kind !== 'stopped' && classifyResult(result)).toMatchObject({ outcome: 'failed', error: 'response-too-large' });
    expect(durationMs).toBeLessThan(500);
    const writes = endlessWrites;
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The server notices the closed connection: it does not go on writing.
    expect(endlessWrites - writes).toBeLessThan(5);
  });

  it('gives up on a receiver that never answers at the timeout', async () => {
    const { result, durationMs } = await sender.send(webhook(receiver.url('/hang')), never);
    expect(result).toEqual({ kind: 'timeout' });
    expect(durationMs).toBeGreaterThanOrEqual(450);
    expect(durationMs).toBeLessThan(2000);
  });

  it('returns at once, as stopped, when its signal aborts mid-request', async () => {
    const stop = new AbortController();
    const started = Date.now();
    const sending = sender.send(webhook(receiver.url('/hang')), stop.signal);
    setTimeout(() => stop.abort(), 50);
    expect((await sending).result).toEqual({ kind: 'stopped' });
    expect(Date.now() - started).toBeLessThan(400);
  });

  it('refuses loopback targets under the strict policy: literal addresses and names resolving to them', async () => {
    const strict = createWebhookSender({ policy: { ...STRICT_TARGET_POLICY, allowHttp: true }, timeoutMs: 500, maxResponseBytes: 4096 });
    try {
      const before = receiver.received.length;
      const literal = await strict.send(webhook(receiver.url('/ok')), never);
      expect(literal.result.kind).toBe('blocked');
      const named = await strict.send(webhook(receiver.url('/ok').replace('127.0.0.1', 'localhost')), never);
      expect(named.result.kind).toBe('blocked');
      expect(named.result.kind !== 'stopped' && classifyResult(named.result).error).toBe('blocked-target');
      expect(receiver.received.length).toBe(before);
    } finally {
      await strict.close();
    }
  });
});
