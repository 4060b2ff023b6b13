import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CONSULTATION_MAX_BODY_BYTES, PROBLEM_CONTENT_TYPE, problemSchema } from '@firstsync/contracts';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, consultationOf, json, PHARMACY_B, type RunningIngest, startIngest } from './support/ingest-harness';

function expectProblem(response: LightMyRequestResponse, status: number) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
  const problem = problemSchema.parse(json(response));
  expect(problem.status).toBe(status);
  return problem;
}

describe('HTTP edges: auth, limits, content types, rate limit', () => {
  let ingest: RunningIngest;
  let limited: RunningIngest;

  beforeAll(async () => {
    [ingest, limited] = await Promise.all([
      startIngest({ label: 'ingest-edges' }),
      // The test clock stands still, so the bucket never refills: 3 requests, then 429.
      startIngest({ label: 'ingest-ratelimit', env: { INGEST_RATE_LIMIT_BURST: '3', INGEST_RATE_LIMIT_PER_SECOND: '0.5' } }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([ingest?.stop(), limited?.stop()]);
  });

  const post = (headers: Record<string, string>, payload: string | object) => ingest.app.inject({ method: 'POST', url: '/v1/consultations', headers, payload });

  it('answers 401 without a key, with a malformed header and with an unknown key', async () => {
    const body = consultationOf();
    for (const headers of [{}, { authorization: 'Basic abc' }, { authorization: 'Bearer ' }, auth('not-a-configured-key')]) {
      const response = await post(headers, body);
      expectProblem(response, 401);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
    }
  });

  it("answers 403 when a key submits another pharmacy's consultation", async () => {
    expectProblem(await post(auth(), consultationOf(PHARMACY_B.ods)), 403);
  });

  it('answers 413 for a body over 256 KiB, without echoing it', async () => {
    const body = { ...consultationOf(), padding: 'x'.repeat(CONSULTATION_MAX_BODY_BYTES) };
    const response = await post({ ...auth(), 'content-type': 'application/json' }, JSON.stringify(body));
    const problem = expectProblem(response, 413);
    expect(problem.detail).toContain(String(CONSULTATION_MAX_BODY_BYTES));
    expect(response.body).not.toContain('xxxx');
  });

  it('answers 415 for a body that is not application/json', async () => {
    const body = JSON.stringify(consultationOf());
    for (const type of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded']) {
      expectProblem(await post({ ...auth(), 'content-type': type }, body), 415);
    }
  });

  it('answers 400 problem+json for malformed JSON without quoting the body, and for an empty body', async () => {
    const response = await post({ ...auth(), 'content-type': 'application/json' }, '{"patient": {"nhsNumber": "9434765919"');
    expectProblem(response, 400);
    expect(response.body).not.toContain('9434765919');
    expectProblem(await post({ ...auth(), 'content-type': 'application/json' }, ''), 400);
    expectProblem(await post({ ...auth(), 'content-type': 'application/json' }, 'null'), 400);
  });

  it('answers 400 with every field path for an invalid consultation, without echoing values', async () => {
    const body = consultationOf();
    const response = await post(auth(), { ...body, patient: { ...body.patient, nhsNumber: '9434765918', birthDate: '1899-12-31' }, colour: 'red' });
    const problem = expectProblem(response, 400);
    expect(problem.errors?.map((e) => e.path).sort()).toEqual(['colour', 'patient.birthDate', 'patient.nhsNumber']);
    expect(response.body).not.toContain('9434765918');
    expect(response.body).not.toContain('1899-12-31');
  });

  it('answers 404 and 405 as problem+json', async () => {
    expectProblem(await ingest.app.inject({ method: 'GET', url: '/v1/nothing-here', headers: auth() }), 404);
    const notAllowed = await ingest.app.inject({ method: 'DELETE', url: '/v1/consultations', headers: auth() });
    expectProblem(notAllowed, 405);
    expect(notAllowed.headers.allow).toBe('POST');
  });

  it('rate-limits per key with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    let last: LightMyRequestResponse | undefined;
    for (let i = 0; i < 4; i += 1) {
      last = await limited.app.inject({ method: 'POST', url: '/v1/consultations', headers: auth(), payload: consultationOf() as object });
      statuses.push(last.statusCode);
    }
    expect(statuses).toEqual([202, 202, 202, 429]);
    if (!last) throw new Error('no response');
    expectProblem(last, 429);
    expect(Number(last.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Another key has its own bucket.
    const other = await limited.app.inject({
      method: 'POST',
      url: '/v1/consultations',
      headers: auth(PHARMACY_B.key),
      payload: consultationOf(PHARMACY_B.ods) as object,
    });
    expect(other.statusCode).toBe(202);
  });

  it('serves the OpenAPI document and Swagger UI', async () => {
    const document = await ingest.app.inject({ method: 'GET', url: '/docs/json' });
    expect(document.statusCode).toBe(200);
    expect(json(document)).toMatchObject({ openapi: '3.1.0', paths: { '/v1/consultations': { post: {} } } });
    // What a running service serves is what is committed (the drift test checks the generator).
    const committed: unknown = JSON.parse(readFileSync(fileURLToPath(new URL('../../../contracts/openapi.json', import.meta.url)), 'utf8'));
    expect(json(document)).toEqual(committed);
    const ui = await ingest.app.inject({ method: 'GET', url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
    expect(ui.body).toContain('swagger-ui');
    // The page's scripts and styles (relative to /docs/) are served under the docs CSP.
    const assets = [...ui.body.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => new URL(String(m[1]), 'http://ingest.test/docs/').pathname);
    expect(assets).toContain('/docs/static/swagger-initializer.js');
    for (const asset of assets) expect((await ingest.app.inject({ method: 'GET', url: asset })).statusCode, asset).toBe(200);
    expect(ui.headers['content-security-policy']).toContain("script-src 'self'");
  });
});

describe('prototype-poisoning keys', () => {
  let ingest: RunningIngest;
  beforeAll(async () => {
    ingest = await startIngest({ label: 'ingest-proto' });
  });
  afterAll(async () => {
    await ingest?.stop();
  });

  it('refuses the whole request with a problem that names the key, even inside one batch item', async () => {
    const item = JSON.stringify(consultationOf());
    const bodies: [string, string][] = [
      ['/v1/consultations', `{"__proto__": {"admin": true}, ${item.slice(1)}`],
      ['/v1/consultations/batch', `{"consultations": [${item}, {"__proto__": [], "service": {}}]}`],
      ['/v1/consultations/batch', `{"consultations": [{"constructor": {"prototype": {"admin": true}}}]}`],
    ];
    for (const [url, payload] of bodies) {
      const response = await ingest.app.inject({ method: 'POST', url, headers: { ...auth(), 'content-type': 'application/json' }, payload });
      const problem = expectProblem(response, 400);
      expect(problem.detail).toContain('__proto__');
    }
  });
});

describe('deeply nested JSON', () => {
  let ingest: RunningIngest;
  beforeAll(async () => {
    ingest = await startIngest({ label: 'ingest-deep' });
  });
  afterAll(async () => {
    await ingest?.stop();
  });

  // JSON.parse accepts nesting that recursive code (JSON.stringify, validators) cannot walk.
  const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

  it('answers 4xx problem+json, never 5xx, for a deeply nested body, item or field', async () => {
    const bodies: [string, string][] = [
      ['/v1/consultations', deep(100_000)],
      ['/v1/consultations', `{"notes": ${deep(100_000)}}`],
      ['/v1/consultations', `{"__proto__": ${deep(50_000)}}`],
      ['/v1/consultations/batch', `{"consultations": [${deep(100_000)}, {}]}`],
      ['/v1/consultations/batch', `{"consultations": [{"patient": ${deep(100_000)}}]}`],
    ];
    for (const [url, payload] of bodies) {
      const response = await ingest.app.inject({ method: 'POST', url, headers: { ...auth(), 'content-type': 'application/json' }, payload });
      expect(response.statusCode, `${url} ${response.body.slice(0, 200)}`).toBeLessThan(500);
      if (response.statusCode !== 207) expectProblem(response, response.statusCode);
      else for (const result of json<{ results: { status: number }[] }>(response).results) expect(result.status).toBeLessThan(500);
    }
  });
});
