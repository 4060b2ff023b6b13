import { startTracing, type Tracing } from './runtime';
import { tracingSettingsFromEnv } from './settings';

/**
 * A service's main: starts tracing when the environment names an OTLP endpoint, else leaves it off
 * (undefined). The caller stops it at shutdown so buffered spans are exported.
 */
export async function startTracingFromEnv(env: Readonly<Record<string, string | undefined>>, serviceName: string): Promise<Tracing | undefined> {
  const settings = tracingSettingsFromEnv(env, serviceName);
  if (!settings) return undefined;
  // Loaded only when tracing is on (see startTracing).
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
  return startTracing({ serviceName: settings.serviceName, exporter: new OTLPTraceExporter({ url: settings.tracesUrl }) });
}

/** What startServiceTracing needs of a service's process (ServiceProcess of @firstsync/service-lifecycle fits). */
export interface TracedProcess {
  onShutdown(name: string, stop: () => Promise<void>): void;
}

export interface ServiceTracingOptions {
  readonly lifecycle: TracedProcess;
  readonly logger: { info(message: string): void };
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The start-up of tracing every services/<name>/src/main.ts shares. Called before anything is built:
 * the HTTP app and the Kafka clients decide at build time whether to add spans. The stop is
 * registered as a shutdown step; called first, it is the last step to run (steps run in reverse),
 * so spans of the rest of the shutdown are still flushed.
 */
export async function startServiceTracing(serviceName: string, { lifecycle, logger, env = process.env }: ServiceTracingOptions): Promise<Tracing | undefined> {
  const tracing = await startTracingFromEnv(env, serviceName);
  if (!tracing) return undefined;
  lifecycle.onShutdown('tracing', () => tracing.stop());
  logger.info('OpenTelemetry tracing on');
  return tracing;
}
