import { randomBytes, randomUUID } from 'node:crypto';
import { quietLogger } from '@firstsync/testkit';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildNhsSimulator, type NhsSimulator } from '../src';

const PHARMACY = 'FA123';
const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

function pharmacyEvent(fields: { eventId?: string; pharmacyOds?: string; type?: string } = {}) {
  return {
    eventId: fields.eventId ?? randomUUID(),
    type: fields.type ?? 'consultation.rejected',
    timestamp: '2026-03-10T10:00:00.000Z',
    data: {
      consultationId: randomUUID(),
      version: 1,
      pharmacyOds: fields.pharmacyOds ?? PHARMACY,
      state: 'failed',
      code: '30003',
      reason: 'Patient not registered',
    },
  };
}

let sim: NhsSimulator;
beforeEach(() => {
  sim = buildNhsSimulator({ config: { SIMULATOR_BODY_LIMIT_BYTES: 1_000_000 }, logger: quietLogger });
});
afterEach(async () => {
  await sim.app.close();
});

/** Signs with the official Standard Webhooks library, each secret in turn (a rotation's overlap). */
function signed(event: { eventId: string }, secrets: readonly string[], options: { body?: string; at?: Date } = {}) {
  const body = options.body ?? JSON.stringify(event);
  const at = options.at ?? new Date();
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'webhook-id': event.eventId,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': secrets.map((s) => new Webhook(s).sign(event.eventId, at, body)).join(' '),
    },
  };
}

const deliver = (ods: string, request: { body: string; headers: Record<string, string> }) =>
  sim.app.inject({ method: 'POST', url: `/pharmacy-system/${ods}/webhooks`, payload: request.body, headers: request.headers });
const setSecret = (ods: string, secret: string, replace?: boolean) =>
  sim.app.inject({ method: 'PUT', url: `/pharmacy-system/${ods}/secret`, payload: { secret, ...(replace === undefined ? {} : { replace }) } });
const setBehaviour = (ods: string, behaviour: object) => sim.app.inject({ method: 'PUT', url: `/pharmacy-system/${ods}/behaviour`, payload: behaviour });
const events = async (ods: string) =>
  (await sim.app.inject({ method: 'GET', url: `/pharmacy-system/${ods}/events` })).json() as {
    counts: Record<string, number>;
    events: { webhookId: string; deliveries: number; verifiedWith: number; wrongPharmacy: boolean; event: { type: string } }[];
  };

describe('simulated pharmacy system: receives and verifies signed webhooks', () => {
  it('accepts an event signed with its secret, stores it once and counts a redelivery as a duplicate', async () => {
    const secret = newSecret();
    expect((await setSecret(PHARMACY, secret)).statusCode).toBe(200);
    const event = pharmacyEvent();
    expect((await deliver(PHARMACY, signed(event, [secret]))).statusCode).toBe(204);
    expect((await deliver(PHARMACY, signed(event, [secret]))).statusCode).toBe(204);
    const view = await events(PHARMACY.toLowerCase());
    expect(view.counts).toMatchObject({ requests: 2, received: 1, duplicates: 1, invalidSignature: 0, wrongPharmacy: 0 });
    expect(view.events).toHaveLength(1);
    expect(view.events[0]).toMatchObject({
      webhookId: event.eventId,
      deliveries: 2,
      verifiedWith: 0,
      wrongPharmacy: false,
      event: { type: 'consultation.rejected' },
    });
  });

  it('refuses a tampered body, a tampered timestamp, another secret and a pharmacy without a secret (401, counted)', async () => {
    const secret = newSecret();
    const event = pharmacyEvent();
    expect((await deliver(PHARMACY, signed(event, [secret]))).statusCode).toBe(401);
    await setSecret(PHARMACY, secret);
    const good = signed(event, [secret]);
    expect((await deliver(PHARMACY, { ...good, body: good.body.replace('30003', '30002') })).statusCode).toBe(401);
    expect(
      (await deliver(PHARMACY, { ...good, headers: { ...good.headers, 'webhook-timestamp': String(Number(good.headers['webhook-timestamp']) + 1) } }))
        .statusCode,
    ).toBe(401);
    expect((await deliver(PHARMACY, signed(event, [newSecret()]))).statusCode).toBe(401);
    // Too old: Standard Webhooks refuses timestamps outside its tolerance (replays).
    expect((await deliver(PHARMACY, signed(event, [secret], { at: new Date(Date.now() - 3_600_000) }))).statusCode).toBe(401);
    const view = await events(PHARMACY);
    expect(view.counts).toMatchObject({ received: 0, invalidSignature: 5 });
    expect((await deliver(PHARMACY, good)).statusCode).toBe(204);
  });

  it('verifies during a rotation with the old, the new or both signatures', async () => {
    const [oldSecret, newer] = [newSecret(), newSecret()];
    await setSecret(PHARMACY, oldSecret);
    await setSecret(PHARMACY, newer);
    expect((await deliver(PHARMACY, signed(pharmacyEvent(), [oldSecret]))).statusCode).toBe(204);
    expect((await deliver(PHARMACY, signed(pharmacyEvent(), [newer, oldSecret]))).statusCode).toBe(204);
    expect((await deliver(PHARMACY, signed(pharmacyEvent(), [newer]))).statusCode).toBe(204);
    expect((await events(PHARMACY)).events.map((e) => e.verifiedWith)).toEqual([1, 0, 0]);
    // Replacing leaves only the new secret: the old one no longer verifies.
    await setSecret(PHARMACY, newer, true);
    expect((await deliver(PHARMACY, signed(pharmacyEvent(), [oldSecret]))).statusCode).toBe(401);
  });

  it('counts an event naming another pharmacy, and refuses a payload that is not a pharmacy event or whose eventId is not the webhook-id', async () => {
    const secret = newSecret();
    await setSecret(PHARMACY, secret);
    expect((await deliver(PHARMACY, signed(pharmacyEvent({ pharmacyOds: 'FZ999' }), [secret]))).statusCode).toBe(204);
    const notAnEvent = { eventId: randomUUID(), hello: 'world' };
    expect((await deliver(PHARMACY, signed(notAnEvent, [secret]))).statusCode).toBe(400);
    const mismatched = pharmacyEvent();
    const request = signed({ eventId: randomUUID() }, [secret], { body: JSON.stringify(mismatched) });
    expect((await deliver(PHARMACY, request)).statusCode).toBe(400);
    const view = await events(PHARMACY);
    expect(view.counts).toMatchObject({ received: 1, wrongPharmacy: 1, malformed: 2 });
    expect(view.events[0]?.wrongPharmacy).toBe(true);
    // Another pharmacy's system is separate: its own secret, its own events.
    expect((await deliver('FB456', signed(pharmacyEvent({ pharmacyOds: 'FB456' }), [secret]))).statusCode).toBe(401);
    expect((await events('FB456')).events).toEqual([]);
  });
});

describe('simulated pharmacy system: behaviour switch', () => {
  it('fail answers the chosen status; flaky fails the first deliveries of each webhook-id, then accepts the same id', async () => {
    const secret = newSecret();
    await setSecret(PHARMACY, secret);
    expect((await setBehaviour(PHARMACY, { mode: 'fail', status: 500 })).statusCode).toBe(200);
    const event = pharmacyEvent();
    expect((await deliver(PHARMACY, signed(event, [secret]))).statusCode).toBe(500);
    await setBehaviour(PHARMACY, { mode: 'flaky', failFirst: 2 });
    expect((await deliver(PHARMACY, signed(event, [secret]))).statusCode).toBe(503);
    expect((await deliver(PHARMACY, signed(event, [secret]))).statusCode).toBe(503);
    expect((await deliver(PHARMACY, signed(event, [secret]))).statusCode).toBe(204);
    expect((await deliver(PHARMACY, signed(event, [secret]))).statusCode).toBe(204);
    expect((await events(PHARMACY)).counts).toMatchObject({ requests: 5, received: 1, duplicates: 1, failedOnPurpose: 3 });
    expect((await setBehaviour(PHARMACY, { mode: 'sometimes' })).statusCode).toBe(400);
  });

  it('hang never answers until the simulator closes', async () => {
    const secret = newSecret();
    await setSecret(PHARMACY, secret);
    await setBehaviour(PHARMACY, { mode: 'hang' });
    await sim.app.listen({ host: '127.0.0.1', port: 0 });
    const address = sim.app.server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const request = signed(pharmacyEvent(), [secret]);
    const answer = await fetch(`http://127.0.0.1:${address.port}/pharmacy-system/${PHARMACY}/webhooks`, {
      method: 'POST',
      body: request.body,
      headers: request.headers,
      signal: AbortSignal.timeout(300),
    }).catch((err: unknown) => err);
    expect(answer).toBeInstanceOf(Error);
    expect((await events(PHARMACY)).counts).toMatchObject({ hung: 1, received: 0 });
  });
});

describe('simulated pharmacy system: page and inputs', () => {
  it('lists each pharmacy with its received events, escaped', async () => {
    const secret = newSecret();
    await setSecret(PHARMACY, secret);
    const event = pharmacyEvent();
    await deliver(PHARMACY, signed(event, [secret]));
    const page = await sim.app.inject({ method: 'GET', url: '/pharmacy-system' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toContain("style-src 'unsafe-inline'");
    expect(page.body).toContain(`data-pharmacy="${PHARMACY}"`);
    expect(page.body).toContain(`data-webhook-id="${event.eventId}"`);
    expect(page.body).toContain('consultation.rejected');
  });

  it('refuses a malformed secret or ODS code', async () => {
    expect((await setSecret(PHARMACY, 'not-a-secret')).statusCode).toBe(400);
    expect((await setSecret('bad ods!', newSecret())).statusCode).toBe(400);
    expect((await sim.app.inject({ method: 'GET', url: '/pharmacy-system/x/events' })).statusCode).toBe(400);
  });
});
