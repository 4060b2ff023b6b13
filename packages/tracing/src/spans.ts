import {
  type Context,
  context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  type Link,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { SPAN_ATTRIBUTE, type SpanAttributes } from './attributes';
import { currentPropagator, currentTracer } from './runtime';

export type { Context as TraceContext } from '@opentelemetry/api';

/** The W3C header that carries a trace across HTTP and Kafka hops. */
export const TRACEPARENT = 'traceparent';

const KINDS = {
  server: SpanKind.SERVER,
  client: SpanKind.CLIENT,
  consumer: SpanKind.CONSUMER,
  producer: SpanKind.PRODUCER,
  internal: SpanKind.INTERNAL,
} as const;

export interface SpanOptions {
  readonly kind: keyof typeof KINDS;
  /** The parent; left out, the span active where it starts (none: a new trace). */
  readonly parent?: TraceContext;
  /** Contexts the span follows without being their child (a batch of records from many traces). */
  readonly links?: readonly TraceContext[];
  readonly attributes?: SpanAttributes;
}

type TraceContext = Context;

/** A started span: its context (to run work in, or to propagate) and its end. */
export interface StartedSpan {
  readonly context: TraceContext;
  /** The W3C traceparent naming this span as the parent of the next hop. */
  readonly traceparent: string;
  setAttributes(attributes: SpanAttributes): void;
  /** Ends the span; with an error, marked failed by the error's class name only (messages may hold anything). */
  end(error?: unknown): void;
}

/** Starts a span while tracing is on; undefined when off, so callers create nothing on the hot path. */
export function startSpan(name: string, options: SpanOptions): StartedSpan | undefined {
  const tracer = currentTracer();
  if (!tracer) return undefined;
  const parent = options.parent ?? context.active();
  const links: Link[] = [];
  for (const linked of options.links ?? []) {
    const spanContext = trace.getSpanContext(linked);
    if (spanContext) links.push({ context: spanContext });
  }
  const span = tracer.startSpan(name, { kind: KINDS[options.kind], links, ...(options.attributes ? { attributes: options.attributes } : {}) }, parent);
  return wrap(span, trace.setSpan(parent, span));
}

function wrap(span: Span, spanContext: TraceContext): StartedSpan {
  const carrier: Record<string, string> = {};
  currentPropagator()?.inject(spanContext, carrier, defaultTextMapSetter);
  return {
    context: spanContext,
    traceparent: carrier[TRACEPARENT] ?? '',
    setAttributes: (attributes) => span.setAttributes(attributes),
    end(error) {
      if (error !== undefined) {
        const type = error instanceof Error ? error.name : 'Error';
        span.setAttribute(SPAN_ATTRIBUTE.errorType, type);
        span.setStatus({ code: SpanStatusCode.ERROR, message: type });
      }
      span.end();
    },
  };
}

/** The remote parent named by a traceparent header value; undefined when there is none or it is malformed. */
export function contextFromTraceparent(traceparent: string | undefined): TraceContext | undefined {
  const propagator = currentPropagator();
  if (traceparent === undefined || !propagator) return undefined;
  const extracted = propagator.extract(ROOT_CONTEXT, { [TRACEPARENT]: traceparent }, defaultTextMapGetter);
  return trace.getSpanContext(extracted) ? extracted : undefined;
}

/** Runs fn with the span active (its async work included), or plainly without one. */
export function runInSpan<T>(span: StartedSpan | undefined, fn: () => T): T {
  return span ? context.with(span.context, fn) : fn();
}

/**
 * Runs fn inside the trace `parent` belongs to (a consumed record's), so what fn calls out
 * continues that trace. When the span active here is already in that trace (a batch span that is
 * the record's child) it stays the parent. No parent (tracing off, or an untraced record): fn as is.
 */
export function runInTrace<T>(parent: TraceContext | undefined, fn: () => T): T {
  const traceId = parent ? trace.getSpanContext(parent)?.traceId : undefined;
  if (!parent || traceId === undefined || trace.getSpanContext(context.active())?.traceId === traceId) return fn();
  return context.with(parent, fn);
}

/** True when a span is active here (tracing on, inside some trace). */
export function inTrace(): boolean {
  return currentTracer() !== undefined && trace.getSpanContext(context.active()) !== undefined;
}

/** The traceparent of the span active here, when tracing is on and a span is active. */
export function activeTraceparent(): string | undefined {
  const propagator = currentPropagator();
  if (!propagator) return undefined;
  const carrier: Record<string, string> = {};
  propagator.inject(context.active(), carrier, defaultTextMapSetter);
  return carrier[TRACEPARENT];
}
