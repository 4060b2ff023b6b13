/** What a service needs to export traces; tracing is off unless an OTLP endpoint is configured. */
export interface TracingSettings {
  readonly serviceName: string;
  /** The OTLP/HTTP traces URL (…/v1/traces). */
  readonly tracesUrl: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads the standard OpenTelemetry variables: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (used as is) or
 * OTEL_EXPORTER_OTLP_ENDPOINT (the base, /v1/traces appended, as the specification says),
 * OTEL_SERVICE_NAME (else the service's own name) and OTEL_SDK_DISABLED / OTEL_TRACES_EXPORTER=none
 * to switch it off. Undefined: no exporter, and then no spans are created at all.
 * OTEL_EXPORTER_OTLP_HEADERS and the timeouts are read by the exporter itself.
 */
export function tracingSettingsFromEnv(env: Env, serviceName: string): TracingSettings | undefined {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return undefined;
  if (env.OTEL_TRACES_EXPORTER?.trim().toLowerCase() === 'none') return undefined;
  const tracesUrl = nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) ?? tracesUrlFromBase(nonEmpty(env.OTEL_EXPORTER_OTLP_ENDPOINT));
  if (tracesUrl === undefined) return undefined;
  const url = new URL(tracesUrl); // a typo fails the start, not every export
  return { serviceName: nonEmpty(env.OTEL_SERVICE_NAME) ?? serviceName, tracesUrl: url.toString() };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function tracesUrlFromBase(base: string | undefined): string | undefined {
  if (base === undefined) return undefined;
  return `${base.replace(/\/+$/, '')}/v1/traces`;
}
