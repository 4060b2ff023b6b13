import { SPAN_ATTRIBUTE } from './attributes';
import { inTrace, startSpan, TRACEPARENT } from './spans';

/** What an HTTP call answered, as far as its span is concerned. */
export interface HttpCallOutcome {
  /** The response status; absent when none came (network error, timeout). */
  readonly status?: number | undefined;
  /** What failed when no response came; marks the span failed by its class name only. */
  readonly error?: unknown;
}

/** Headers to add to the outgoing request: the W3C traceparent, or nothing. */
export type TraceHeaders = Readonly<Record<string, string>>;

/**
 * One client span per outgoing HTTP call made inside a trace (a consultation's: see runInTrace),
 * the child of the span active here; `call` puts `headers` (its W3C traceparent) on the request,
 * so the receiver can continue the trace. Outside any trace (a timer's inbox poll) or with tracing
 * off: no span and no header, so background polling does not start a trace per request.
 * The caller names the span by operation or route template, never by URL (URLs hold ids);
 * attributes are the method and the status only.
 */
export async function traceHttpCall<T>(
  name: string,
  method: string,
  call: (headers: TraceHeaders) => Promise<T>,
  outcomeOf: (result: T) => HttpCallOutcome = () => ({}),
): Promise<T> {
  const span = inTrace() ? startSpan(name, { kind: 'client', attributes: { [SPAN_ATTRIBUTE.httpMethod]: method } }) : undefined;
  if (!span) return call({});
  let result: T;
  try {
    result = await call({ [TRACEPARENT]: span.traceparent });
  } catch (err) {
    span.end(err);
    throw err;
  }
  const { status, error } = outcomeOf(result);
  if (status !== undefined) span.setAttributes({ [SPAN_ATTRIBUTE.httpStatus]: status });
  span.end(error ?? (status !== undefined && status >= 400 ? new HttpClientError() : undefined));
  return result;
}

/** Marks a client span failed as `HttpClientError` (the status code is its own attribute). */
class HttpClientError extends Error {
  override readonly name = 'HttpClientError';
}
