import { afterEach, describe, expect, it } from 'vitest';
import { contextFromTraceparent, runInTrace, startServiceTracing, startSpan, startTracing, type Tracing, traceHttpCall, tracingEnabled } from '../src/index';
import { InMemorySpanExporter } from '../src/testing';

const INCOMING = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const OTHER = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
const headersSeen = async (headers: Readonly<Record<string, string>>) => ({ status: 200, headers });

describe('outgoing HTTP calls while tracing is off (the default)', () => {
  it('adds no header and creates no span, even inside a record trace', async () => {
    expect(tracingEnabled()).toBe(false);
    const result = await runInTrace(contextFromTraceparent(INCOMING), () => traceHttpCall('POST x', 'POST', headersSeen));
    expect(result.headers).toEqual({});
  });
});

describe('outgoing HTTP calls while tracing is on', () => {
  let exporter = new InMemorySpanExporter();
  let tracing: Tracing | undefined;
  afterEach(async () => {
    await tracing?.stop();
    exporter = new InMemorySpanExporter();
  });

  it("carry a client span's traceparent in the consumed record's trace, with method and status only", async () => {
    tracing = await startTracing({ serviceName: 'test', exporter, exportEachSpan: true });
    const { headers } = await runInTrace(contextFromTraceparent(INCOMING), () =>
      traceHttpCall('POST $process-message', 'POST', headersSeen, (r) => ({ status: r.status })),
    );
    expect(headers.traceparent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    const [span] = exporter.getFinishedSpans();
    expect(span?.kind).toBe(2); // SpanKind.CLIENT
    expect(span?.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(headers.traceparent).toContain(span?.spanContext().spanId);
    expect(span?.attributes).toEqual({ 'http.request.method': 'POST', 'http.response.status_code': 200 });
  });

  it('mark a call failed by an error status or by the thrown error class only', async () => {
    tracing = await startTracing({ serviceName: 'test', exporter, exportEachSpan: true });
    const parent = contextFromTraceparent(INCOMING);
    await runInTrace(parent, () =>
      traceHttpCall(
        'GET a',
        'GET',
        async () => ({ status: 503 }),
        (r) => ({ status: r.status }),
      ),
    );
    const thrown = runInTrace(parent, () =>
      traceHttpCall('GET b', 'GET', async () => {
        throw new TypeError('patient 9000000009 unreachable');
      }),
    );
    await expect(thrown).rejects.toThrow(TypeError);
    const [a, b] = exporter.getFinishedSpans();
    expect(a?.status).toEqual({ code: 2, message: 'HttpClientError' });
    expect(b?.status).toEqual({ code: 2, message: 'TypeError' });
    expect(JSON.stringify([a?.attributes, b?.attributes, b?.events])).not.toContain('9000000009');
  });

  it('add nothing outside any trace (a background poll), so polling starts no trace per request', async () => {
    tracing = await startTracing({ serviceName: 'test', exporter, exportEachSpan: true });
    expect((await traceHttpCall('GET inbox', 'GET', headersSeen)).headers).toEqual({});
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  it("keep the active span as parent when it is in the record's trace, else switch to the record's", async () => {
    tracing = await startTracing({ serviceName: 'test', exporter, exportEachSpan: true });
    const record = contextFromTraceparent(INCOMING);
    const batch = startSpan('batch', { kind: 'consumer', ...(record ? { parent: record } : {}) });
    const otherTrace = contextFromTraceparent(OTHER);
    const other = startSpan('other batch', { kind: 'consumer', ...(otherTrace ? { parent: otherTrace } : {}) });
    if (!batch || !other) throw new Error('tracing is on: spans were expected');
    const inSame = await runInTrace(batch.context, () => runInTrace(record, () => traceHttpCall('POST same', 'POST', headersSeen)));
    const inOther = await runInTrace(other.context, () => runInTrace(record, () => traceHttpCall('POST other', 'POST', headersSeen)));
    const spans = exporter.getFinishedSpans();
    const same = spans.find((s) => s.name === 'POST same');
    const switched = spans.find((s) => s.name === 'POST other');
    expect(same?.parentSpanContext?.spanId).toBe(batch.traceparent.split('-')[2]);
    expect(switched?.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect([inSame.headers.traceparent, inOther.headers.traceparent].every((t) => t?.startsWith('00-4bf92f3577b34da6a3ce929d0e0e4736-'))).toBe(true);
  });
});

describe("startServiceTracing (every service's main)", () => {
  const steps: string[] = [];
  const lines: string[] = [];
  const lifecycle = { onShutdown: (name: string) => void steps.push(name) };
  const logger = { info: (message: string) => void lines.push(message) };

  it('leaves tracing off and registers nothing without an OTLP endpoint', async () => {
    expect(await startServiceTracing('ingest', { lifecycle, logger, env: {} })).toBeUndefined();
    expect([steps, lines, tracingEnabled()]).toEqual([[], [], false]);
  });

  it('starts tracing with an endpoint, registers its stop as a shutdown step and says so', async () => {
    const tracing = await startServiceTracing('ingest', { lifecycle, logger, env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' } });
    try {
      expect(tracingEnabled()).toBe(true);
      expect(steps).toEqual(['tracing']);
      expect(lines).toEqual(['OpenTelemetry tracing on']);
    } finally {
      await tracing?.stop();
    }
    expect(tracingEnabled()).toBe(false);
  });
});
