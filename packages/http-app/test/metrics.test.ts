import { createLogger } from '@firstsync/logging';
import { createServiceRegistry } from '@firstsync/metrics';
import { describe, expect, it } from 'vitest';
import { createHttpApp, registerHealthRoutes } from '../src';

const logger = createLogger({ service: 'test', level: 'silent' });

describe('GET /metrics', () => {
  it('serves the Prometheus text with process metrics and requests by route template, never by URL', async () => {
    const app = createHttpApp({ logger, metrics: createServiceRegistry('ingest') });
    app.get('/v1/consultations/:id', async () => ({ ok: true }));
    registerHealthRoutes(app, {});
    await app.inject({ method: 'GET', url: '/v1/consultations/3f0e8a4c-2b1d-4c3e-9f5a-6b7c8d9e0f1a?nhsNumber=9434765919' });
    await app.inject({ method: 'GET', url: '/nowhere/9434765919' });
    await app.inject({ method: 'GET', url: '/health/live' });

    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain; version=0.0.4');
    const text = response.body;
    expect(text).toContain('process_resident_memory_bytes{service="ingest"}');
    expect(text).toMatch(/firstsync_http_request_duration_seconds_count\{service="ingest",method="GET",route="\/v1\/consultations\/:id",status_code="200"\} 1/);
    expect(text).toMatch(/firstsync_http_request_duration_seconds_count\{service="ingest",method="GET",route="\(unmatched\)",status_code="404"\} 1/);
    expect(text).toMatch(/route="\/health\/live",status_code="200"/);
    expect(text).not.toContain('9434765919');
    expect(text).not.toContain('3f0e8a4c');
  });

  it('is absent unless the service passes its registry', async () => {
    const app = createHttpApp({ logger });
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
  });
});
