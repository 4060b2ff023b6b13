import { context, type TextMapPropagator, type Tracer } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace';

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

interface ActiveTracing {
  readonly tracer: Tracer;
  /** W3C trace context in and out of headers; loaded with the SDK, used only while tracing is on. */
  readonly propagator: TextMapPropagator;
}

// One provider per process. Undefined means off: every helper checks this first and creates nothing.
let active: ActiveTracing | undefined;
let starting = false;

/** The tracer while tracing runs, else undefined (the hot path's only cost when off is this check). */
export function currentTracer(): Tracer | undefined {
  return active?.tracer;
}

/** The W3C propagator while tracing runs, else undefined. */
export function currentPropagator(): TextMapPropagator | undefined {
  return active?.propagator;
}

export function tracingEnabled(): boolean {
  return active !== undefined;
}

/**
 * Starts tracing for this process: spans go to `exporter`, and the active span follows async work
 * (AsyncLocalStorage) so a Kafka send inside an HTTP request or a consumed batch becomes its child.
 * Only firstsync's own spans exist; nothing is instrumented automatically.
 *
 * The SDK is imported here, not at the top: tracing is off in most processes, and the SDK with its
 * dependencies (resources, semantic conventions, the W3C propagator's package) cost every service
 * about 4 MB of heap just by being loaded (5-8 MB of peak RSS per service in the benchmark).
 */
export async function startTracing(options: StartTracingOptions): Promise<Tracing> {
  if (active || starting) throw new Error('tracing is already started in this process');
  starting = true;
  try {
    const [{ AsyncLocalStorageContextManager }, { W3CTraceContextPropagator }, { resourceFromAttributes }, sdk] = await Promise.all([
      import('@opentelemetry/context-async-hooks'),
      import('@opentelemetry/core'),
      import('@opentelemetry/resources'),
      import('@opentelemetry/sdk-trace'),
    ]);
    const processor = options.exportEachSpan
      ? new sdk.SimpleSpanProcessor({ exporter: options.exporter })
      : new sdk.BatchSpanProcessor({ exporter: options.exporter });
    const provider = new sdk.TracerProvider({
      resource: resourceFromAttributes({ 'service.name': options.serviceName }),
      spanProcessors: [processor],
    });
    const contextManager = new AsyncLocalStorageContextManager().enable();
    // Refused when another context manager is registered; spans would then lose their parents silently.
    if (!context.setGlobalContextManager(contextManager)) throw new Error('another OpenTelemetry context manager is registered in this process');
    const state: ActiveTracing = { tracer: provider.getTracer('firstsync'), propagator: new W3CTraceContextPropagator() };
    active = state;
    return {
      async stop() {
        if (active !== state) return;
        active = undefined;
        await provider.shutdown();
        context.disable();
      },
    };
  } finally {
    starting = false;
  }
}
