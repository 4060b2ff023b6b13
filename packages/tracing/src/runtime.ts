import { context, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter, TracerProvider } from '@opentelemetry/sdk-trace';

/** The process's tracing while it runs; stop() flushes what is buffered and switches spans off again. */
export interface Tracing {
  stop(): Promise<void>;
}

export interface StartTracingOptions {
  readonly serviceName: string;
  readonly exporter: SpanExporter;
  /** Export each span as it ends (tests with an in-memory exporter); default batches in the background. */
  readonly exportEachSpan?: boolean;
}

// One provider per process. Undefined means off: every helper checks this first and creates nothing.
let active: { tracer: Tracer; provider: TracerProvider; contextManager: AsyncLocalStorageContextManager } | undefined;

/** The tracer while tracing runs, else undefined (the hot path's only cost when off is this check). */
export function currentTracer(): Tracer | undefined {
  return active?.tracer;
}

export function tracingEnabled(): boolean {
  return active !== undefined;
}

/**
 * Starts tracing for this process: spans go to `exporter`, and the active span follows async work
 * (AsyncLocalStorage) so a Kafka send inside an HTTP request or a consumed batch becomes its child.
 * Only firstsync's own spans exist; nothing is instrumented automatically.
 */
export function startTracing(options: StartTracingOptions): Tracing {
  if (active) throw new Error('tracing is already started in this process');
  const processor = options.exportEachSpan ? new SimpleSpanProcessor({ exporter: options.exporter }) : new BatchSpanProcessor({ exporter: options.exporter });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }),
    spanProcessors: [processor],
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  // Refused when another context manager is registered; spans would then lose their parents silently.
  if (!context.setGlobalContextManager(contextManager)) throw new Error('another OpenTelemetry context manager is registered in this process');
  const state = { tracer: provider.getTracer('firstsync'), provider, contextManager };
  active = state;
  return {
    async stop() {
      if (active !== state) return;
      active = undefined;
      await provider.shutdown();
      context.disable();
    },
  };
}
