import { startTracing, type Tracing } from '@firstsync/tracing';
import { InMemorySpanExporter } from '@firstsync/tracing/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { IncomingRecord } from '../src/consumer';
import { HEADER } from '../src/headers';
import type { OutgoingRecord } from '../src/port';
import { traceOutputs, traceSend } from '../src/tracing';

const TRACE_A = '00-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-00000000000000a1-01';
const TRACE_B = '00-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb-00000000000000b1-01';

function consumed(offset: string, consultationId: string, traceparent?: string): IncomingRecord {
  const headers: Record<string, string> = { [HEADER.consultationId]: consultationId };
  if (traceparent) headers[HEADER.traceparent] = traceparent;
  return { topic: 'consultations.v1', partition: 0, offset, key: consultationId, value: null, headers, timestamp: 0 };
}
const output = (consultationId: string): OutgoingRecord => ({
  topic: 'gp-messages.v1',
  key: consultationId,
  value: '{}',
  headers: { [HEADER.consultationId]: consultationId },
});
const traceIdOf = (record: OutgoingRecord | undefined) => record?.headers?.[HEADER.traceparent]?.split('-')[1];

describe('Kafka tracing while off (the default)', () => {
  it('hands the very same records back and creates no span', () => {
    const records = [output('c1')];
    const sent = traceSend(records);
    expect(sent.records).toBe(records);
    expect(sent.span).toBeUndefined();
    const mapped = traceOutputs([consumed('0', 'c1', TRACE_A)], records);
    expect(mapped.outputs).toBe(records);
    expect(mapped.spans).toEqual([]);
  });
});

describe('Kafka tracing while on', () => {
  // A fresh exporter per test: stopping tracing shuts its exporter down for good.
  let exporter = new InMemorySpanExporter();
  let tracing: Tracing | undefined;
  afterEach(async () => {
    await tracing?.stop();
    exporter = new InMemorySpanExporter();
  });

  it('continues each consumed record trace in its own outputs, whatever else shared the batch', async () => {
    tracing = await startTracing({ serviceName: 'test', exporter, exportEachSpan: true });
    const batch = [consumed('0', 'c-a', TRACE_A), consumed('1', 'c-b', TRACE_B), consumed('2', 'c-untraced')];
    const { outputs, spans } = traceOutputs(batch, [output('c-b'), output('c-a'), output('c-a'), output('c-untraced')]);
    expect(outputs.map(traceIdOf)).toEqual(['b'.repeat(32), 'a'.repeat(32), 'a'.repeat(32), undefined]);
    // One producer span per consumed record with outputs, its child.
    expect(spans).toHaveLength(2);
    for (const span of spans) span.end();
    const parents = exporter.getFinishedSpans().map((s) => s.parentSpanContext?.spanId);
    expect(parents.sort()).toEqual(['00000000000000a1', '00000000000000b1']);
  });

  it('stamps one send span on the records that carry no traceparent yet, leaving the others', async () => {
    tracing = await startTracing({ serviceName: 'test', exporter, exportEachSpan: true });
    const already = { ...output('c1'), headers: { [HEADER.traceparent]: TRACE_A } };
    const { records, span } = traceSend([already, output('c2')]);
    expect(records[0]).toBe(already);
    expect(records[1]?.headers?.[HEADER.traceparent]).toBe(span?.traceparent);
    span?.end();
    expect(exporter.getFinishedSpans()[0]?.attributes).toMatchObject({ 'firstsync.consultation_id': 'c2', 'messaging.batch.message_count': 1 });
  });
});
