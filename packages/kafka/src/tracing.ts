import {
  contextFromTraceparent,
  runInSpan,
  runInTrace,
  SPAN_ATTRIBUTE,
  type SpanAttributes,
  type StartedSpan,
  startSpan,
  type TraceContext,
  tracingEnabled,
} from '@firstsync/tracing';
import type { BatchHandler, IncomingRecord, RecordConsumer } from './consumer';
import { HEADER } from './headers';
import type { OutgoingRecord } from './port';

// Kafka's side of tracing: one consumer span per batch, one producer span per send (or per consumed
// record whose outputs a batch produces), the W3C traceparent header carrying the trace between
// them. Every function returns at once when tracing is off: no span objects, no header copies.

/** A batch span links at most this many records' traces (one batch of thousands would bloat the span). */
const MAX_LINKS = 64;

/** The consumer with every batch handled inside a span of its own (when tracing is on). */
export function tracedConsumer(consumer: RecordConsumer): RecordConsumer {
  return {
    start: (handler) => consumer.start(tracedBatches(handler)),
    stop: () => consumer.stop(),
    pause: (topic, partitions) => consumer.pause(topic, partitions),
    resume: (topic, partitions) => consumer.resume(topic, partitions),
    get running() {
      return consumer.running;
    },
  };
}

function tracedBatches(handler: BatchHandler): BatchHandler {
  return async (records, context) => {
    const first = records[0];
    if (!first || !tracingEnabled()) return handler(records, context);
    const traced = records.flatMap((record) => contextOf(record) ?? []);
    // The child of the one trace a batch carries; a batch of many traces follows them by links.
    const only = traced.length === 1 && records.length === 1 ? traced[0] : undefined;
    const attributes: SpanAttributes = {
      ...messaging(first.topic, 'process'),
      [SPAN_ATTRIBUTE.messagingPartition]: String(first.partition),
      [SPAN_ATTRIBUTE.messagingBatchCount]: records.length,
      ...consultationOf(records),
    };
    const span = startSpan(
      `${first.topic} process`,
      only ? { kind: 'consumer', parent: only, attributes } : { kind: 'consumer', links: traced.slice(0, MAX_LINKS), attributes },
    );
    if (!span) return handler(records, context);
    return finish(span, () => handler(records, context));
  };
}

/**
 * The span of one send: the child of the span active where send() was called (an HTTP request,
 * a consumed batch). Its traceparent goes on every record that does not carry one yet.
 */
export function traceSend(records: readonly OutgoingRecord[]): { records: readonly OutgoingRecord[]; span: StartedSpan | undefined } {
  if (!tracingEnabled()) return { records, span: undefined };
  const untraced = records.filter((record) => record.headers?.[HEADER.traceparent] === undefined);
  const first = untraced[0];
  if (!first) return { records, span: undefined };
  const span = startSpan(`${first.topic} send`, {
    kind: 'producer',
    attributes: { ...messaging(first.topic, 'send'), [SPAN_ATTRIBUTE.messagingBatchCount]: untraced.length, ...consultationOf(untraced) },
  });
  if (!span) return { records, span: undefined };
  return { records: records.map((record) => (record.headers?.[HEADER.traceparent] === undefined ? withTraceparent(record, span.traceparent) : record)), span };
}

/**
 * The outputs of a consumed batch, each stamped with a producer span that is the child of the
 * record it came from (matched by consultation id; a batch of one traced record owns them all), so
 * the consultation's trace continues across this hop whatever else shared the batch.
 * Outputs matched to no traced record are left to traceSend.
 */
export function traceOutputs(
  consumed: readonly IncomingRecord[],
  outputs: readonly OutgoingRecord[],
): { outputs: readonly OutgoingRecord[]; spans: readonly StartedSpan[] } {
  if (!tracingEnabled() || outputs.length === 0) return { outputs, spans: [] };
  const parents = new Map<string, TraceContext>();
  let single: TraceContext | undefined;
  let tracedCount = 0;
  for (const record of consumed) {
    const parent = contextOf(record);
    if (!parent) continue;
    tracedCount += 1;
    single = parent;
    const id = record.headers[HEADER.consultationId] ?? record.key;
    if (id !== null && !parents.has(id)) parents.set(id, parent);
  }
  if (tracedCount === 0) return { outputs, spans: [] };
  const spans = new Map<TraceContext, StartedSpan>();
  const stamped = outputs.map((output) => {
    if (output.headers?.[HEADER.traceparent] !== undefined) return output;
    const id = output.headers?.[HEADER.consultationId];
    const parent = (id !== undefined ? parents.get(id) : undefined) ?? (tracedCount === 1 ? single : undefined);
    if (!parent) return output;
    let span = spans.get(parent);
    if (!span) {
      span = startSpan(`${output.topic} send`, {
        kind: 'producer',
        parent,
        attributes: { ...messaging(output.topic, 'send'), ...(id !== undefined ? { [SPAN_ATTRIBUTE.consultationId]: id } : {}) },
      });
      if (!span) return output;
      spans.set(parent, span);
    }
    return withTraceparent(output, span.traceparent);
  });
  return { outputs: stamped, spans: [...spans.values()] };
}

/** Runs work with the span active (its sends become its children), ending the span with the outcome. */
export async function finish<T>(span: StartedSpan, work: () => Promise<T>): Promise<T> {
  try {
    const result = await runInSpan(span, work);
    span.end();
    return result;
  } catch (err) {
    span.end(err);
    throw err;
  }
}

/**
 * Runs fn in the trace of one consumed record (its traceparent header), so what fn calls outside
 * (a GP system over HTTP) continues that consultation's trace even when the record shared its
 * batch span with others. Tracing off, or a record without a traceparent: fn as is.
 */
export function runInRecordTrace<T>(record: IncomingRecord, fn: () => T): T {
  return runInTrace(contextOf(record), fn);
}

function contextOf(record: IncomingRecord): TraceContext | undefined {
  return contextFromTraceparent(record.headers[HEADER.traceparent]);
}

function withTraceparent(record: OutgoingRecord, traceparent: string): OutgoingRecord {
  return { ...record, headers: { ...record.headers, [HEADER.traceparent]: traceparent } };
}

function messaging(topic: string, operation: 'send' | 'process'): SpanAttributes {
  return { [SPAN_ATTRIBUTE.messagingSystem]: 'kafka', [SPAN_ATTRIBUTE.messagingOperation]: operation, [SPAN_ATTRIBUTE.messagingDestination]: topic };
}

/** The consultation id attribute when the records concern exactly one consultation (ids only, never payload). */
function consultationOf(records: ReadonlyArray<{ readonly headers?: Readonly<Record<string, string>> | undefined }>): SpanAttributes {
  let id: string | undefined;
  for (const record of records) {
    const own = record.headers?.[HEADER.consultationId];
    if (own === undefined || (id !== undefined && own !== id)) return {};
    id = own;
  }
  return id === undefined ? {} : { [SPAN_ATTRIBUTE.consultationId]: id };
}
