import { randomUUID } from 'node:crypto';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { generateSecret, isWebhookSecret, SECRET_PREFIX, signHeaders } from '../src';

// Our signatures are checked with the official Standard Webhooks library, never with our own code.
const body = JSON.stringify({ type: 'consultation.rejected', timestamp: '2026-01-05T10:00:00.000Z', data: { code: '30003' } });

function signedNow(secrets: readonly string[]) {
  const id = randomUUID();
  return { id, headers: signHeaders({ id, timestamp: new Date(), body, secrets }) };
}

describe('generateSecret', () => {
  it('makes whsec_ + base64 of 32 random bytes by default, different every time', () => {
    const a = generateSecret();
    const b = generateSecret();
    expect(a.startsWith(SECRET_PREFIX)).toBe(true);
    expect(Buffer.from(a.slice(SECRET_PREFIX.length), 'base64')).toHaveLength(32);
    expect(a).not.toBe(b);
    expect(isWebhookSecret(a)).toBe(true);
    expect(Buffer.from(generateSecret(64).slice(SECRET_PREFIX.length), 'base64')).toHaveLength(64);
  });

  it('refuses sizes outside 24..64 bytes, and malformed secrets', () => {
    expect(() => generateSecret(16)).toThrow(RangeError);
    expect(() => generateSecret(65)).toThrow(RangeError);
    expect(isWebhookSecret('whsec_')).toBe(false);
    expect(isWebhookSecret(`whsec_${Buffer.alloc(8).toString('base64')}`)).toBe(false);
    expect(isWebhookSecret(Buffer.alloc(32).toString('base64'))).toBe(false);
    expect(() => signHeaders({ id: 'x', timestamp: new Date(), body, secrets: ['not-a-secret'] })).toThrow(/not a webhook secret/);
    expect(() => signHeaders({ id: 'x', timestamp: new Date(), body, secrets: [] })).toThrow(/at least one/);
  });
});

describe('signHeaders, verified by the official standardwebhooks library', () => {
  it('produces headers the library verifies, returning the payload', () => {
    const secret = generateSecret();
    const { id, headers } = signedNow([secret]);
    expect(headers['webhook-id']).toBe(id);
    expect(headers['webhook-timestamp']).toMatch(/^\d+$/);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('matches the library signature byte for byte', () => {
    const secret = generateSecret();
    const timestamp = new Date('2026-01-05T10:00:00.000Z');
    const headers = signHeaders({ id: 'msg_1', timestamp, body, secrets: [secret] });
    expect(headers['webhook-timestamp']).toBe(String(timestamp.getTime() / 1000));
    expect(headers['webhook-signature']).toBe(new Webhook(secret).sign('msg_1', timestamp, body));
  });

  it('signs with every secret during a rotation overlap: a receiver with either one verifies', () => {
    const previous = generateSecret();
    const next = generateSecret();
    const { headers } = signedNow([next, previous]);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(previous).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(next).verify(body, headers)).toEqual(JSON.parse(body));
    // Once the overlap ends only the new secret signs: the old one no longer verifies.
    const after = signedNow([next]).headers;
    expect(new Webhook(next).verify(body, after)).toEqual(JSON.parse(body));
    expect(() => new Webhook(previous).verify(body, after)).toThrow(WebhookVerificationError);
  });

  it('fails verification with a wrong secret', () => {
    const { headers } = signedNow([generateSecret()]);
    expect(() => new Webhook(generateSecret()).verify(body, headers)).toThrow(WebhookVerificationError);
  });

  it('fails verification when the body, the id or the timestamp was tampered with', () => {
    const secret = generateSecret();
    const { headers } = signedNow([secret]);
    const receiver = new Webhook(secret);
    expect(() => receiver.verify(body.replace('30003', '30001'), headers)).toThrow(WebhookVerificationError);
    expect(() => receiver.verify(body, { ...headers, 'webhook-id': randomUUID() })).toThrow(WebhookVerificationError);
    const shifted = String(Number(headers['webhook-timestamp']) - 60);
    expect(() => receiver.verify(body, { ...headers, 'webhook-timestamp': shifted })).toThrow(WebhookVerificationError);
  });

  it('is refused as a replay when signed too long ago', () => {
    const secret = generateSecret();
    const old = signHeaders({ id: randomUUID(), timestamp: new Date(Date.now() - 10 * 60_000), body, secrets: [secret] });
    expect(() => new Webhook(secret).verify(body, old)).toThrow(WebhookVerificationError);
  });
});
