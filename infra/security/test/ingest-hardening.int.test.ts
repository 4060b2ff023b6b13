import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, consultationFor, type IngestProcess, jsonHeaders, PHARMACIES, startIngestProcess } from './support/ingest-process';

// Security headers, body limits, rate limits and secrets in logs, against the real ingest process.
const BATCH_LIMIT = 64 * 1024;
let ingest: IngestProcess;
let limited: IngestProcess;

beforeAll(async () => {
  [ingest, limited] = await Promise.all([
    startIngestProcess('sec-ingest-hardening', { INGEST_BATCH_MAX_BODY_BYTES: String(BATCH_LIMIT) }),
    // One request a second with a burst of 3: the fourth request at once must be refused.
    startIngestProcess('sec-ingest-ratelimit', { INGEST_RATE_LIMIT_PER_SECOND: '0.01', INGEST_RATE_LIMIT_BURST: '3' }),
  ]);
}, 180_000);
afterAll(async () => {
  await Promise.all([ingest?.stop(), limited?.stop()]);
});

const EXPECTED_HEADERS: Record<string, RegExp> = {
  'x-content-type-options': /^nosniff$/,
  'x-frame-options': /^DENY$/,
  'referrer-policy': /^no-referrer$/,
  'content-security-policy': /frame-ancestors 'none'/,
};

describe('ingest security headers', () => {
  it('sets them on success, client error, not-found and health answers alike', async () => {
    const ofA = consultationFor(PHARMACIES.a.ods);
    const answers = [
      await fetch(`${ingest.url}/v1/consultations`, { method: 'POST', headers: jsonHeaders(PHARMACIES.a.key), body: JSON.stringify(ofA.body) }),
      await fetch(`${ingest.url}/v1/consultations/${ofA.consultationId}`, { headers: bearer(PHARMACIES.a.key) }),
      await fetch(`${ingest.url}/v1/consultations`, { method: 'POST', headers: jsonHeaders('wrong-key-123456') }),
      await fetch(`${ingest.url}/no/such/address`),
      await fetch(`${ingest.url}/health/ready`),
    ];
    expect(answers.map((a) => a.status)).toEqual([202, 200, 401, 404, 200]);
    for (const answer of answers) {
      for (const [name, pattern] of Object.entries(EXPECTED_HEADERS)) expect(answer.headers.get(name) ?? '', `${answer.url} ${name}`).toMatch(pattern);
      expect(answer.headers.get('x-powered-by')).toBeNull();
    }
    // Answers about consultations must not be kept by browsers or proxies.
    expect(answers[0]?.headers.get('cache-control')).toBe('no-store');
    expect(answers[1]?.headers.get('cache-control')).toBe('no-store');
  });
});

describe('ingest request limits', () => {
  it('refuses a consultation body over its limit with 413 problem+json, before reading it all', async () => {
    const body = consultationFor(PHARMACIES.a.ods).body;
    const huge = JSON.stringify({ ...body, notes: { ...body.notes, clinicalSummary: 'x'.repeat(300 * 1024) } });
    const response = await fetch(`${ingest.url}/v1/consultations`, { method: 'POST', headers: jsonHeaders(PHARMACIES.a.key), body: huge });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.text()).not.toContain('xxxxxxxx');
  });

  it('refuses a batch over its configured limit with 413', async () => {
    const items = Array.from({ length: 80 }, () => consultationFor(PHARMACIES.a.ods).body);
    const payload = JSON.stringify({ consultations: items });
    expect(payload.length).toBeGreaterThan(BATCH_LIMIT);
    const response = await fetch(`${ingest.url}/v1/consultations/batch`, { method: 'POST', headers: jsonHeaders(PHARMACIES.a.key), body: payload });
    expect(response.status).toBe(413);
  });

  it('refuses more than 100 consultations in one batch', async () => {
    const items = Array.from({ length: 101 }, () => ({}));
    const response = await fetch(`${ingest.url}/v1/consultations/batch`, {
      method: 'POST',
      headers: jsonHeaders(PHARMACIES.a.key),
      body: JSON.stringify({ consultations: items }),
    });
    expect(response.status).toBe(400);
  });

  it('refuses bodies that are not JSON with 415', async () => {
    const response = await fetch(`${ingest.url}/v1/consultations`, {
      method: 'POST',
      headers: { ...bearer(PHARMACIES.a.key), 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(response.status).toBe(415);
  });
});

describe('ingest rate limit', () => {
  it('answers 429 with Retry-After once a key has spent its burst, and counts keys separately', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 6; i += 1) {
      const response = await fetch(`${limited.url}/v1/consultations/00000000-0000-4000-8000-000000000000`, { headers: bearer(PHARMACIES.a.key) });
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get('retry-after');
    }
    expect(statuses.slice(0, 3)).toEqual([404, 404, 404]);
    expect(statuses.slice(3)).toEqual([429, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // Another pharmacy is not punished for the first one's traffic.
    const other = await fetch(`${limited.url}/v1/consultations/00000000-0000-4000-8000-000000000000`, { headers: bearer(PHARMACIES.b.key) });
    expect(other.status).toBe(404);
  });
});

describe('ingest logs', () => {
  it('never contain an API key, valid or not, nor the submitted patient data', async () => {
    const wrongKey = 'wrong-key-that-must-not-be-logged-51f0';
    const ofA = consultationFor(PHARMACIES.a.ods);
    await fetch(`${ingest.url}/v1/consultations`, { method: 'POST', headers: jsonHeaders(PHARMACIES.a.key), body: JSON.stringify(ofA.body) });
    await fetch(`${ingest.url}/v1/consultations`, { method: 'POST', headers: jsonHeaders(wrongKey), body: JSON.stringify(ofA.body) });
    const invalid = { ...ofA.body, patient: { ...ofA.body.patient, nhsNumber: '1234567890' } };
    await fetch(`${ingest.url}/v1/consultations`, { method: 'POST', headers: jsonHeaders(PHARMACIES.a.key), body: JSON.stringify(invalid) });
    // Give the process a moment to flush its log lines for these requests.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const logs = ingest.logText();
    expect(logs).toContain(ofA.consultationId); // ids are logged, so the check below is not vacuous
    for (const secret of [PHARMACIES.a.key, PHARMACIES.b.key, wrongKey, 'Bearer ']) expect(logs).not.toContain(secret);
    for (const pii of [ofA.body.patient.nhsNumber.replace(/\D/g, ''), '1234567890', ofA.body.patient.name.family, ofA.body.patient.birthDate]) {
      expect(logs).not.toContain(pii);
    }
  });
});
