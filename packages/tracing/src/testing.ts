// For tests that assert on spans: the SDK's in-memory exporter, so callers need no SDK import of their own.
// A subpath of its own: importing it loads the SDK, which services load only when tracing is on.
export { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
