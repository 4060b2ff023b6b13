import { afterEach, describe, expect, it } from 'vitest';
import { activeTraceparent, contextFromTraceparent, runInSpan, startSpan, startTracing, type Tracing, tracingEnabled } from '../src/index';
import { InMemorySpanExporter } from '../src/testing';

const INCOMING = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('spans while tracing is off (the default)', () => {
  it('creates nothing: no span, no context, no header', () => {
    expect(tracingEnabled()).toBe(false);
    expect(startSpan('x', { kind: 'internal' })).toBeUndefined();
    expect(contextFromTraceparent(INCOMING)).toBeUndefined();
    expect(activeTraceparent()).toBeUndefined();
    expect(runInSpan(undefined, () => 42)).toBe(42);
  });
});

describe('spans while tracing is on', () => {
  // A fresh exporter per test: stopping tracing shuts its exporter down for good.
  let exporter = new InMemorySpanExporter();
  let tracing: Tracing | undefined;
  afterEach(async () => {
    await tracing?.stop();
    exporter = new InMemorySpanExporter();
  });

  it('continues an incoming traceparent and makes work run inside a span its child', async () => {
    tracing = await startTracing({ serviceName: 'test', exporter, exportEachSpan: true });
    const parent = contextFromTraceparent(INCOMING);
    const server = startSpan('server', { kind: 'server', ...(parent ? { parent } : {}) });
    if (!server) throw new Error('tracing is on: a span was expected');
    expect(server.traceparent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    const inner = await runInSpan(server, async () => {
      await new Promise((resolve) => setImmediate(resolve)); // across an async boundary
      expect(activeTraceparent()).toBe(server.traceparent);
      return startSpan('send', { kind: 'producer' });
    });
    inner?.end();
    server.end();
    const [send, root] = exporter.getFinishedSpans();
    expect(send?.parentSpanContext?.spanId).toBe(root?.spanContext().spanId);
    expect(root?.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
  });

  it('ignores a malformed traceparent, and marks a failure by the error class only (messages may hold anything)', async () => {
    tracing = await startTracing({ serviceName: 'test', exporter, exportEachSpan: true });
    expect(contextFromTraceparent('00-not-a-trace')).toBeUndefined();
    startSpan('failing', { kind: 'internal' })?.end(new TypeError('patient 9000000009 not found'));
    const [span] = exporter.getFinishedSpans();
    expect(span?.status).toEqual({ code: 2, message: 'TypeError' });
    expect(JSON.stringify({ attributes: span?.attributes, events: span?.events })).not.toContain('9000000009');
  });

  it('switches off again when stopped, and refuses a second start', async () => {
    tracing = await startTracing({ serviceName: 'test', exporter, exportEachSpan: true });
    await expect(startTracing({ serviceName: 'again', exporter })).rejects.toThrow();
    await tracing.stop();
    expect(tracingEnabled()).toBe(false);
    expect(startSpan('after', { kind: 'internal' })).toBeUndefined();
  });
});
