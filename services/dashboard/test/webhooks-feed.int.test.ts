import { randomUUID } from 'node:crypto';
import type { WebhookAttempt, WebhookEndpointEvent } from '@firstsync/contracts';
import { createRecordProducer } from '@firstsync/kafka';
import { isolatedTopics, quietLogger, testKafka } from '@firstsync/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EndpointSummary } from '../src/webhooks/webhook-view';
import { DEMO, eventually, type RunningDashboard, startDashboard } from './support/dashboard-harness';
import { signIn } from './support/http-session';

describe('Webhooks page from the real topics', () => {
  let running: RunningDashboard;
  const endpointId = randomUUID();
  const at = new Date().toISOString();

  beforeAll(async () => {
    const { prefix, topics } = await isolatedTopics('dash-webhooks');
    const producer = createRecordProducer(testKafka('dash-webhooks-test'), quietLogger);
    await producer.connect();
    const created: WebhookEndpointEvent = {
      kind: 'created',
      endpointId,
      pharmacyOds: 'FA123',
      url: 'https://receiver.example/hooks?key=not-for-ops',
      eventTypes: ['consultation.rejected'],
      secret: 'encrypted',
      startAfter: [],
      at,
      actor: 'client',
    };
    const disabled: WebhookEndpointEvent = { kind: 'disabled', endpointId, reason: 'Failing for 24 h; last error: timeout', by: 'system', at };
    const attempt: WebhookAttempt = {
      attemptId: randomUUID(),
      endpointId,
      pharmacyOds: 'FA123',
      eventId: randomUUID(),
      eventType: 'consultation.rejected',
      consultationId: randomUUID(),
      partition: 0,
      feedOffset: '0',
      attempt: 3,
      at,
      outcome: 'failed',
      error: 'timeout',
      durationMs: 10_000,
    };
    // Written before the dashboard starts: it materialises both topics from the beginning.
    await producer.send([
      ...[created, disabled].map((e) => ({ topic: topics.pharmacyWebhookEndpoints, key: endpointId, value: JSON.stringify(e) })),
      { topic: topics.pharmacyWebhookAttempts, key: endpointId, value: JSON.stringify(attempt) },
      { topic: topics.pharmacyWebhookAttempts, key: endpointId, value: '{"not":"an attempt"}' },
    ]);
    await producer.disconnect();
    running = await startDashboard({ prefix, topics });
  });
  afterAll(async () => {
    await running?.stop();
  });

  it('shows the disabled endpoint (host only) with its reason and attempts', async () => {
    const viewer = await signIn(running.baseUrl, DEMO.viewer.username, DEMO.viewer.password);
    const endpoint = await eventually('the endpoint and its attempt', async () => {
      const { endpoints } = (await (await viewer.get('/api/webhooks')).json()) as { endpoints: EndpointSummary[] };
      return endpoints.find((e) => e.endpointId === endpointId && e.recent.length > 0);
    });
    expect(endpoint).toMatchObject({ host: 'receiver.example', status: 'disabled', disabledReason: 'Failing for 24 h; last error: timeout' });
    expect(endpoint.recent).toEqual([expect.objectContaining({ error: 'timeout', attempt: 3, durationMs: 10_000 })]);
    const page = await (await viewer.get('/webhooks')).text();
    expect(page).toContain('receiver.example');
    expect(page).not.toContain('not-for-ops');
    expect(running.dashboard.ready()).toBe(true);
  });
});
