import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { startTracing, type Tracing } from './runtime';
import { tracingSettingsFromEnv } from './settings';

/**
 * A service's main: starts tracing when the environment names an OTLP endpoint, else leaves it off
 * (undefined). The caller stops it at shutdown so buffered spans are exported.
 */
export function startTracingFromEnv(env: Readonly<Record<string, string | undefined>>, serviceName: string): Tracing | undefined {
  const settings = tracingSettingsFromEnv(env, serviceName);
  if (!settings) return undefined;
  return startTracing({ serviceName: settings.serviceName, exporter: new OTLPTraceExporter({ url: settings.tracesUrl }) });
}
