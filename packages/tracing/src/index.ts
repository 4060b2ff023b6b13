export { isAllowedSpanAttribute, SPAN_ATTRIBUTE, type SpanAttributeName, type SpanAttributes } from './attributes';
export { type ServiceTracingOptions, startServiceTracing, startTracingFromEnv, type TracedProcess } from './from-env';
export { type HttpCallOutcome, type TraceHeaders, traceHttpCall } from './http-client';
export { currentTracer, type StartTracingOptions, startTracing, type Tracing, tracingEnabled } from './runtime';
export { type TracingSettings, tracingSettingsFromEnv } from './settings';
export {
  activeTraceparent,
  contextFromTraceparent,
  inTrace,
  runInSpan,
  runInTrace,
  type SpanOptions,
  type StartedSpan,
  startSpan,
  TRACEPARENT,
  type TraceContext,
} from './spans';
