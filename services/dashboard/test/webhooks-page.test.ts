import { randomUUID } from 'node:crypto';
import { type WebhookAttempt, type WebhookEndpointEvent, webhookAttemptSchema, webhookEndpointEventSchema } from '@firstsync/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InjectClient } from './support/inject-client';
import { type OfflineDashboard, offlineDashboard } from './support/offline-dashboard';

const ENDPOINT_A = randomUUID();
const ENDPOINT_B = randomUUID();
const ENDPOINT_GONE = randomUUID();
const AT = '2026-03-10T10:00:00.000Z';
const later = (s: number) => new Date(Date.parse(AT) + s * 1000).toISOString();

const created = (endpointId: string, pharmacyOds: string, url: string): WebhookEndpointEvent => ({
  kind: 'created',
  endpointId,
  pharmacyOds,
  url,
  eventTypes: ['consultation.rejected', 'consultation.fallback-sent'],
  secret: 'v1.encrypted-secret-never-shown',
  startAfter: [{ partition: 0, offset: '0' }],
  at: AT,
  actor: 'supplier-client',
});

const attempt = (endpointId: string, fields: Partial<WebhookAttempt>): WebhookAttempt => ({
  attemptId: randomUUID(),
  endpointId,
  pharmacyOds: 'FA123',
  eventId: randomUUID(),
  eventType: 'consultation.rejected',
  consultationId: randomUUID(),
  partition: 0,
  feedOffset: '7',
  attempt: 1,
  at: later(10),
  outcome: 'failed',
  durationMs: 1234,
  ...fields,
});

let offline: OfflineDashboard;
beforeAll(async () => {
  offline = await offlineDashboard();
  // Parsed with the contract schemas, as the feed decodes the topics' records.
  const events: WebhookEndpointEvent[] = [
    created(ENDPOINT_A, 'FA123', 'https://hooks.supplier.example:8443/firstsync/FA123?token=sekret-query-token'),
    created(ENDPOINT_B, 'FB456', 'https://other.example/path-secret'),
    created(ENDPOINT_GONE, 'FB456', 'https://deleted.example/x'),
    { kind: 'disabled', endpointId: ENDPOINT_A, reason: 'Failing since 2026-03-10 10:00 UTC; last error: HTTP 503', by: 'system', at: later(60) },
    { kind: 'deleted', endpointId: ENDPOINT_GONE, at: later(5), actor: 'supplier-client' },
  ];
  for (const event of events) offline.dashboard.webhooks.applyEndpointEvent(webhookEndpointEventSchema.parse(event));
  const attempts = [
    attempt(ENDPOINT_A, { status: 503, error: 'http-status', responseBytes: 20, responseExcerpt: 'upstream-excerpt-private', nextAttemptAt: later(15) }),
    attempt(ENDPOINT_A, { attempt: 2, at: later(20), error: 'timeout', durationMs: 10_000 }),
    attempt(ENDPOINT_B, { pharmacyOds: 'FB456', outcome: 'delivered', status: 204, durationMs: 42 }),
  ];
  for (const a of attempts) offline.dashboard.webhooks.applyAttempt(webhookAttemptSchema.parse(a));
});
afterAll(async () => {
  await offline.close();
});

describe('Webhooks page (ops)', () => {
  it("lists every pharmacy's endpoints by host with status, disabled reason, types and recent attempts; never a path, query, secret or response excerpt", async () => {
    const viewer = new InjectClient(offline.dashboard);
    expect((await viewer.login('viewer', 'viewer-demo-password')).status).toBe(303);
    const page = await viewer.request('GET', '/webhooks');
    expect(page.status).toBe(200);
    expect([...page.body.matchAll(/data-testid="webhook-pharmacy" data-pharmacy="([^"]+)"/g)].map((m) => m[1])).toEqual(['FA123', 'FB456']);
    expect(page.body).toMatch(new RegExp(`data-endpoint-id="${ENDPOINT_A}" data-status="disabled"`));
    expect(page.body).toMatch(new RegExp(`data-endpoint-id="${ENDPOINT_B}" data-status="enabled"`));
    expect(page.body).not.toContain(ENDPOINT_GONE);
    expect(page.body).toContain('hooks.supplier.example:8443');
    expect(page.body).toContain('Failing since 2026-03-10 10:00 UTC; last error: HTTP 503');
    expect(page.body).toContain('consultation.rejected, consultation.fallback-sent');
    expect(page.body).toContain('timeout');
    expect(page.body).toContain('http-status');
    expect([...page.body.matchAll(/data-testid="attempt-status">([^<]*)</g)].map((m) => m[1])).toEqual(['', '503', '204']);
    for (const hidden of ['firstsync/FA123', 'sekret-query-token', 'path-secret', 'encrypted-secret', 'upstream-excerpt-private'])
      expect(page.body).not.toContain(hidden);

    const api = await viewer.request('GET', '/api/webhooks');
    expect(api.status).toBe(200);
    expect(api.body).not.toContain('upstream-excerpt-private');
    expect(api.body).not.toContain('sekret-query-token');
  });

  it('is not for pharmacy users', async () => {
    const pharmacy = new InjectClient(offline.dashboard, '198.51.100.77');
    expect((await pharmacy.login('pharmacy', 'pharmacy-demo-password')).status).toBe(303);
    expect((await pharmacy.request('GET', '/webhooks')).status).toBe(403);
    expect((await pharmacy.request('GET', '/api/webhooks')).status).toBe(403);
  });
});
