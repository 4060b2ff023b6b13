import { createLogger } from '@firstsync/logging';
import { describe, expect, it } from 'vitest';
import { apiSecurityHeaders, createHttpApp, registerHealthRoutes, registerMethodNotAllowed } from '../src';

const logger = createLogger({ service: 'test', level: 'silent' });

describe('createHttpApp', () => {
  it('answers unknown addresses with problem details and the API security headers', async () => {
    const app = createHttpApp({ logger });
    const response = await app.inject({ method: 'GET', url: '/nowhere?nhsNumber=9434765919' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toEqual({ type: 'urn:firstsync:problem:not-found', title: 'Not found', status: 404, detail: 'There is nothing at this address.' });
    expect(response.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
      'cache-control': 'no-store',
    });
    expect(response.headers['strict-transport-security']).toBeUndefined();
  });

  it('keeps a plausible correlation id, replaces one that could carry an NHS number', async () => {
    const app = createHttpApp({ logger, securityHeaders: apiSecurityHeaders({ https: true }) });
    const kept = await app.inject({ method: 'GET', url: '/x', headers: { 'x-correlation-id': 'abc-12345678' } });
    expect(kept.headers['x-correlation-id']).toBe('abc-12345678');
    expect(kept.headers['strict-transport-security']).toContain('max-age=');
    const replaced = await app.inject({ method: 'GET', url: '/x', headers: { 'x-correlation-id': 'id-9434765919' } });
    expect(replaced.headers['x-correlation-id']).not.toContain('9434765919');
  });

  it('never quotes the body of an unparseable request, and answers 405 with Allow', async () => {
    const app = createHttpApp({ logger, bodyLimit: 64 });
    app.post('/echo', async (request) => request.body);
    registerMethodNotAllowed(app, '/echo', ['POST']);
    const broken = await app.inject({ method: 'POST', url: '/echo', payload: '{"name": "Smith', headers: { 'content-type': 'application/json' } });
    expect(broken.statusCode).toBe(400);
    expect(broken.body).not.toContain('Smith');
    const large = await app.inject({
      method: 'POST',
      url: '/echo',
      payload: JSON.stringify({ a: 'x'.repeat(100) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(large.json()).toMatchObject({ status: 413, detail: 'The body may be at most 64 bytes.' });
    const wrongMethod = await app.inject({ method: 'GET', url: '/echo' });
    expect(wrongMethod.statusCode).toBe(405);
    expect(wrongMethod.headers.allow).toBe('POST');
  });

  it('lets a service adapt the header set per address without losing the rest', async () => {
    const app = createHttpApp({
      logger,
      securityHeaders: {
        headers: { 'x-frame-options': 'DENY' },
        overrideFor: (url) => (url.startsWith('/page') ? { 'x-extra': '1' } : undefined),
        cacheable: (url) => url.startsWith('/assets/'),
      },
    });
    const page = await app.inject({ method: 'GET', url: '/page' });
    expect(page.headers).toMatchObject({ 'x-frame-options': 'DENY', 'x-extra': '1', 'cache-control': 'no-store' });
    const asset = await app.inject({ method: 'GET', url: '/assets/a.css' });
    expect(asset.headers['cache-control']).toBeUndefined();
  });

  it('serves liveness and readiness from named checks', async () => {
    const app = createHttpApp({ logger });
    registerHealthRoutes(app, { kafka: () => false, state: async () => true });
    expect((await app.inject({ method: 'GET', url: '/health/live' })).json()).toEqual({ status: 'live' });
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ status: 'not-ready', checks: { kafka: false, state: true } });
  });
});
