import { describe, expect, it } from 'vitest';
import { tracingSettingsFromEnv } from '../src/settings';

describe('tracingSettingsFromEnv', () => {
  it('is off without an OTLP endpoint (the default)', () => {
    expect(tracingSettingsFromEnv({}, 'ingest')).toBeUndefined();
    expect(tracingSettingsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' }, 'ingest')).toBeUndefined();
  });

  it('appends /v1/traces to the base endpoint and takes the traces endpoint as is', () => {
    expect(tracingSettingsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }, 'ingest')).toEqual({
      serviceName: 'ingest',
      tracesUrl: 'http://collector:4318/v1/traces',
    });
    expect(
      tracingSettingsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:4318/custom' }, 'ingest')?.tracesUrl,
    ).toBe('http://b:4318/custom');
  });

  it('lets OTEL_SERVICE_NAME rename the service, and OTEL_SDK_DISABLED or OTEL_TRACES_EXPORTER=none switch it off', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(tracingSettingsFromEnv({ ...endpoint, OTEL_SERVICE_NAME: 'ingest-eu' }, 'ingest')?.serviceName).toBe('ingest-eu');
    expect(tracingSettingsFromEnv({ ...endpoint, OTEL_SDK_DISABLED: 'TRUE' }, 'ingest')).toBeUndefined();
    expect(tracingSettingsFromEnv({ ...endpoint, OTEL_TRACES_EXPORTER: 'none' }, 'ingest')).toBeUndefined();
  });

  it('refuses an endpoint that is not a URL at start rather than at every export', () => {
    expect(() => tracingSettingsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318 ' }, 'ingest')).not.toThrow();
    expect(() => tracingSettingsFromEnv({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'not a url' }, 'ingest')).toThrow();
  });
});
