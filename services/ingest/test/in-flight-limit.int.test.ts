import { createHttpApp } from '@firstsync/http-app';
import { createLogger } from '@firstsync/logging';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { inFlightLimit } from '../src/http/in-flight-limit';

// A route that answers when the test says so, behind the limit, on a real loopback socket.
async function slowApp(max: number): Promise<{ app: FastifyInstance; url: string; release: () => void; started: () => number }> {
  const app = createHttpApp({ logger: createLogger({ service: 'ingest-test', level: 'silent' }) });
  const waiting: (() => void)[] = [];
  let started = 0;
  app.addHook('onRequest', inFlightLimit(max));
  app.get('/slow', async () => {
    started += 1;
    await new Promise<void>((resolve) => waiting.push(resolve));
    return { ok: true };
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const release = () => {
    for (const resolve of waiting.splice(0)) resolve();
  };
  return { app, url, release, started: () => started };
}

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !check(); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
};

describe('in-flight limit (INGEST_MAX_IN_FLIGHT)', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
  });

  it('answers 503 with Retry-After and closes the connection past the bound, and admits again once requests finish', async () => {
    const running = await slowApp(2);
    app = running.app;
    const first = [fetch(`${running.url}/slow`), fetch(`${running.url}/slow`)];
    await until(() => running.started() === 2);

    const refused = await fetch(`${running.url}/slow`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(refused.headers.get('connection')).toBe('close');
    expect(((await refused.json()) as { type: string }).type).toMatch(/temporarily-unavailable/);
    expect(running.started()).toBe(2);

    running.release();
    expect((await Promise.all(first)).map((r) => r.status)).toEqual([200, 200]);
    const again = fetch(`${running.url}/slow`);
    await until(() => running.started() === 3);
    running.release();
    expect((await again).status).toBe(200);
  });

  it('frees the place of a request whose client went away before the answer', async () => {
    const running = await slowApp(1);
    app = running.app;
    const abort = new AbortController();
    const gone = fetch(`${running.url}/slow`, { signal: abort.signal }).catch(() => undefined);
    await until(() => running.started() === 1);
    abort.abort();
    await gone;
    // The abandoned request still runs, but its place is free once its connection closed.
    let status = 0;
    for (let i = 0; i < 100 && status !== 200; i += 1) {
      const next = fetch(`${running.url}/slow`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      running.release();
      status = (await next).status;
    }
    expect(status).toBe(200);
  });
});
