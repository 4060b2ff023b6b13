import { randomUUID } from 'node:crypto';
import { decryptSecret, isWebhookSecret } from '@firstsync/standard-webhooks';
import { defined } from '@firstsync/testkit/defined';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attempt, feedEntry, pharmacyEvent } from './dispatch-fixtures';
import { type ApiHarness, apiHarness, auth, ENDPOINT_BODY, PHARMACY_A, PHARMACY_B, register } from './support/api-harness';

let harness: ApiHarness;
beforeEach(async () => {
  harness = await apiHarness();
});
afterEach(() => harness.close());

const endpointUrl = (id: string, suffix = '') => `/v1/webhooks/endpoints/${id}${suffix}`;

describe('authentication', () => {
  it('answers 401 problem+json with a Bearer challenge without a key or with an unknown key', async () => {
    const missing = await harness.app.inject({ method: 'GET', url: '/v1/webhooks/endpoints' });
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="firstsync-pharmacy-notify"');
    const wrong = await harness.app.inject({ method: 'GET', url: '/v1/events', headers: { authorization: 'Bearer not-a-key' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  it('answers 503 until the views have caught up', async () => {
    harness.setReady(false);
    const response = await harness.app.inject({ method: 'GET', url: '/v1/webhooks/endpoints', headers: auth(PHARMACY_A) });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
  });
});

describe('registering an endpoint', () => {
  it('answers 201 with the secret once, stores it only encrypted, and GET .../secret reads it back', async () => {
    const created = await register(harness, PHARMACY_A);
    expect(isWebhookSecret(created.secret)).toBe(true);
    expect(created).toMatchObject({ url: ENDPOINT_BODY.url, status: 'enabled', eventTypes: ENDPOINT_BODY.eventTypes });

    const event = defined(harness.written[0], 'created event');
    expect(event).toMatchObject({ kind: 'created', pharmacyOds: PHARMACY_A.ods, actor: PHARMACY_A.name, startAfter: [{ partition: 0, offset: '0' }] });
    if (event.kind !== 'created') throw new Error('not a created event');
    expect(event.secret).not.toContain(created.secret);
    expect(decryptSecret(event.secret, harness.secretKey)).toBe(created.secret);

    const read = await harness.app.inject({ method: 'GET', url: endpointUrl(created.id), headers: auth(PHARMACY_A) });
    expect(read.statusCode).toBe(200);
    expect(read.json()).not.toHaveProperty('secret');
    const secret = await harness.app.inject({ method: 'GET', url: endpointUrl(created.id, '/secret'), headers: auth(PHARMACY_A) });
    expect(secret.json()).toEqual({ secret: created.secret });
  });

  it('lists only the own endpoints of the pharmacy', async () => {
    const mine = await register(harness, PHARMACY_A);
    await register(harness, PHARMACY_B);
    const list = await harness.app.inject({ method: 'GET', url: '/v1/webhooks/endpoints', headers: auth(PHARMACY_A) });
    expect(list.json().endpoints.map((e: { id: string }) => e.id)).toEqual([mine.id]);
  });

  it('answers 400 naming each field for an invalid body', async () => {
    const response = await harness.app.inject({
      method: 'POST',
      url: '/v1/webhooks/endpoints',
      headers: auth(PHARMACY_A),
      payload: { url: 'https://a.example.com/', eventTypes: ['consultation.eaten'], colour: 'red' },
    });
    expect(response.statusCode).toBe(400);
    const paths = response.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['eventTypes.0', 'colour']));
    const empty = await harness.app.inject({
      method: 'POST',
      url: '/v1/webhooks/endpoints',
      headers: auth(PHARMACY_A),
      payload: { url: 'https://a.example.com/', eventTypes: [] },
    });
    expect(empty.json().errors.map((e: { path: string }) => e.path)).toEqual(['eventTypes']);
    expect(harness.written).toEqual([]);
  });

  it.each([
    ['http (https only)', 'http://pharmacy-system.example.com/hook'],
    ['loopback', 'https://127.0.0.1/hook'],
    ['private', 'https://10.1.2.3/hook'],
    ['link-local metadata', 'https://169.254.169.254/latest/meta-data'],
    ['IPv4-mapped IPv6 loopback', 'https://[::ffff:127.0.0.1]/hook'],
    ['IPv6 loopback', 'https://[::1]/hook'],
    ['localhost', 'https://localhost/hook'],
    ['user info', 'https://user:pass@pharmacy-system.example.com/hook'],
  ])('refuses a %s target with 400 and writes nothing', async (_label, url) => {
    const response = await harness.app.inject({ method: 'POST', url: '/v1/webhooks/endpoints', headers: auth(PHARMACY_A), payload: { ...ENDPOINT_BODY, url } });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0]).toMatchObject({ path: 'url' });
    expect(harness.written).toEqual([]);
  });

  it('allows a private http target when the policy allows it (development)', async () => {
    const dev = await apiHarness({ policy: { allowHttp: true, allowPrivate: true, allowCidrs: [] } });
    try {
      const created = await register(dev, PHARMACY_A, { ...ENDPOINT_BODY, url: 'http://127.0.0.1:9999/hook' });
      expect(created.url).toBe('http://127.0.0.1:9999/hook');
    } finally {
      await dev.close();
    }
  });

  it('refuses an 11th endpoint with 409; a deleted one frees its place', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 10; i += 1) ids.push((await register(harness, PHARMACY_A)).id);
    const refused = await harness.app.inject({ method: 'POST', url: '/v1/webhooks/endpoints', headers: auth(PHARMACY_A), payload: ENDPOINT_BODY });
    expect(refused.statusCode).toBe(409);
    // Another pharmacy's count is its own.
    await register(harness, PHARMACY_B);
    const deleted = await harness.app.inject({ method: 'DELETE', url: endpointUrl(defined(ids[0], 'id')), headers: auth(PHARMACY_A) });
    expect(deleted.statusCode).toBe(204);
    await register(harness, PHARMACY_A);
  });

  it('answers 503 when the change cannot be written', async () => {
    harness.failWrites(true);
    const response = await harness.app.inject({ method: 'POST', url: '/v1/webhooks/endpoints', headers: auth(PHARMACY_A), payload: ENDPOINT_BODY });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
  });
});

describe("another pharmacy's endpoint", () => {
  it('is 404 for every operation, exactly like an unknown id, and is not changed', async () => {
    const theirs = await register(harness, PHARMACY_B);
    const before = harness.written.length;
    const operations = [
      { method: 'GET', url: endpointUrl(theirs.id) },
      { method: 'PATCH', url: endpointUrl(theirs.id), payload: { description: 'mine now' } },
      { method: 'DELETE', url: endpointUrl(theirs.id) },
      { method: 'GET', url: endpointUrl(theirs.id, '/secret') },
      { method: 'POST', url: endpointUrl(theirs.id, '/rotate-secret'), payload: {} },
      { method: 'POST', url: endpointUrl(theirs.id, '/disable') },
      { method: 'POST', url: endpointUrl(theirs.id, '/enable') },
      { method: 'GET', url: endpointUrl(theirs.id, '/attempts') },
    ] as const;
    const unknown = await harness.app.inject({ method: 'GET', url: endpointUrl(randomUUID()), headers: auth(PHARMACY_A) });
    for (const operation of operations) {
      const response = await harness.app.inject({ ...operation, headers: auth(PHARMACY_A) });
      expect(response.statusCode, `${operation.method} ${operation.url}`).toBe(404);
      expect(response.json()).toEqual(unknown.json());
    }
    expect(harness.written.length).toBe(before);
  });
});

describe('changing an endpoint', () => {
  it('PATCH changes the fields given, checks a new URL, and refuses an empty change', async () => {
    const created = await register(harness, PHARMACY_A);
    const patched = await harness.app.inject({
      method: 'PATCH',
      url: endpointUrl(created.id),
      headers: auth(PHARMACY_A),
      payload: { eventTypes: ['consultation.fallback-sent'], description: 'Front desk system' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ url: ENDPOINT_BODY.url, eventTypes: ['consultation.fallback-sent'], description: 'Front desk system' });
    const refused = await harness.app.inject({
      method: 'PATCH',
      url: endpointUrl(created.id),
      headers: auth(PHARMACY_A),
      payload: { url: 'https://192.168.0.10/' },
    });
    expect(refused.statusCode).toBe(400);
    const empty = await harness.app.inject({ method: 'PATCH', url: endpointUrl(created.id), headers: auth(PHARMACY_A), payload: {} });
    expect(empty.statusCode).toBe(400);
  });

  it('rotate-secret returns a new secret; both sign during the overlap and GET .../secret shows the new one', async () => {
    const created = await register(harness, PHARMACY_A);
    const rotated = await harness.app.inject({
      method: 'POST',
      url: endpointUrl(created.id, '/rotate-secret'),
      headers: auth(PHARMACY_A),
      payload: { overlapHours: 2 },
    });
    expect(rotated.statusCode).toBe(200);
    const body = rotated.json();
    expect(body.secret).not.toBe(created.secret);
    expect(body.previousValidUntil).toBe('2026-03-10T14:00:00.000Z');
    const secrets = defined(harness.registry.get(created.id), 'endpoint').secrets.map((s) => decryptSecret(s.secret, harness.secretKey));
    expect(secrets).toEqual([body.secret, created.secret]);
    const read = await harness.app.inject({ method: 'GET', url: endpointUrl(created.id, '/secret'), headers: auth(PHARMACY_A) });
    expect(read.json()).toEqual({ secret: body.secret, previousValidUntil: '2026-03-10T14:00:00.000Z' });
    // After the overlap only the new secret is mentioned.
    harness.setNow(new Date('2026-03-10T15:00:00.000Z'));
    const later = await harness.app.inject({ method: 'GET', url: endpointUrl(created.id, '/secret'), headers: auth(PHARMACY_A) });
    expect(later.json()).toEqual({ secret: body.secret });
  });

  it('rotate-secret defaults to a 24 h overlap and refuses an overlap over a week', async () => {
    const created = await register(harness, PHARMACY_A);
    const rotated = await harness.app.inject({ method: 'POST', url: endpointUrl(created.id, '/rotate-secret'), headers: auth(PHARMACY_A) });
    expect(rotated.json().previousValidUntil).toBe('2026-03-11T12:00:00.000Z');
    const tooLong = await harness.app.inject({
      method: 'POST',
      url: endpointUrl(created.id, '/rotate-secret'),
      headers: auth(PHARMACY_A),
      payload: { overlapHours: 200 },
    });
    expect(tooLong.statusCode).toBe(400);
  });

  it('disable and enable record the owner and are idempotent', async () => {
    const created = await register(harness, PHARMACY_A);
    const disabled = await harness.app.inject({ method: 'POST', url: endpointUrl(created.id, '/disable'), headers: auth(PHARMACY_A) });
    expect(disabled.json()).toMatchObject({ status: 'disabled', disabledBy: 'owner' });
    const again = await harness.app.inject({ method: 'POST', url: endpointUrl(created.id, '/disable'), headers: auth(PHARMACY_A) });
    expect(again.json().status).toBe('disabled');
    const enabled = await harness.app.inject({ method: 'POST', url: endpointUrl(created.id, '/enable'), headers: auth(PHARMACY_A) });
    expect(enabled.json()).toMatchObject({ status: 'enabled' });
    expect(enabled.json()).not.toHaveProperty('disabledReason');
    expect(harness.written.map((e) => e.kind)).toEqual(['created', 'disabled', 'enabled']);
    // Nothing it has not had was dropped: a plain enable, no gap accepted.
    expect(harness.written.at(-1)).not.toHaveProperty('resumeAfter');
  });

  it('a system-disabled endpoint shows why, and enabling it restarts it', async () => {
    const created = await register(harness, PHARMACY_A);
    harness.registry.apply({
      kind: 'disabled',
      endpointId: created.id,
      reason: 'failing since 2026-03-09T10:00:00Z; last error: http-status 500',
      by: 'system',
      at: '2026-03-10T11:00:00.000Z',
    });
    const read = await harness.app.inject({ method: 'GET', url: endpointUrl(created.id), headers: auth(PHARMACY_A) });
    expect(read.json()).toMatchObject({ status: 'disabled', disabledBy: 'system', disabledReason: expect.stringContaining('http-status 500') });
    const enabled = await harness.app.inject({ method: 'POST', url: endpointUrl(created.id, '/enable'), headers: auth(PHARMACY_A) });
    expect(enabled.json().status).toBe('enabled');
  });

  it('enabling an endpoint that fell behind the events kept accepts the gap, and says where delivery carries on', async () => {
    const small = await apiHarness({ maxEventsPerPharmacy: 3 });
    try {
      const created = await register(small, PHARMACY_A);
      for (let offset = 0n; offset < 5n; offset += 1n)
        small.feed.append(feedEntry(offset, pharmacyEvent('consultation.rejected', { pharmacyOds: PHARMACY_A.ods }), 0));
      small.registry.apply({ kind: 'disabled', endpointId: created.id, reason: 'fell behind', by: 'system', at: '2026-03-10T11:00:00.000Z' });
      const enabled = await small.app.inject({ method: 'POST', url: endpointUrl(created.id, '/enable'), headers: auth(PHARMACY_A) });
      expect(enabled.json().status).toBe('enabled');
      // Offsets 0 and 1 were dropped (at most 3 kept): delivery carries on after 1, just before the oldest kept.
      expect(small.written.at(-1)).toMatchObject({ kind: 'enabled', resumeAfter: { partition: 0, offset: '1' } });
    } finally {
      await small.close();
    }
  });

  it('DELETE removes it from the list and every address', async () => {
    const created = await register(harness, PHARMACY_A);
    expect((await harness.app.inject({ method: 'DELETE', url: endpointUrl(created.id), headers: auth(PHARMACY_A) })).statusCode).toBe(204);
    expect((await harness.app.inject({ method: 'GET', url: endpointUrl(created.id), headers: auth(PHARMACY_A) })).statusCode).toBe(404);
    expect((await harness.app.inject({ method: 'DELETE', url: endpointUrl(created.id), headers: auth(PHARMACY_A) })).statusCode).toBe(404);
    const list = await harness.app.inject({ method: 'GET', url: '/v1/webhooks/endpoints', headers: auth(PHARMACY_A) });
    expect(list.json()).toEqual({ endpoints: [] });
  });
});

describe('attempts', () => {
  it('lists the latest attempts newest first, up to limit', async () => {
    const created = await register(harness, PHARMACY_A);
    const eventId = randomUUID();
    for (const [i, outcome] of (['failed', 'failed', 'delivered'] as const).entries()) {
      harness.attempts.apply(
        attempt({
          endpointId: created.id,
          pharmacyOds: PHARMACY_A.ods,
          eventId,
          outcome,
          attempt: i + 1,
          at: `2026-03-10T12:0${i}:00.000Z`,
          status: outcome === 'failed' ? 500 : 204,
        }),
      );
    }
    const response = await harness.app.inject({ method: 'GET', url: endpointUrl(created.id, '/attempts?limit=2'), headers: auth(PHARMACY_A) });
    expect(response.statusCode).toBe(200);
    expect(response.json().attempts.map((a: { attempt: number; outcome: string }) => [a.attempt, a.outcome])).toEqual([
      [3, 'delivered'],
      [2, 'failed'],
    ]);
    const bad = await harness.app.inject({ method: 'GET', url: endpointUrl(created.id, '/attempts?limit=0'), headers: auth(PHARMACY_A) });
    expect(bad.statusCode).toBe(400);
  });
});
