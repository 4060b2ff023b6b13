import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, consultationFor, type IngestProcess, jsonHeaders, PHARMACIES, startIngestProcess } from './support/ingest-process';

// Access control of the pharmacy-facing API, against the real ingest process over real HTTP.
let ingest: IngestProcess;

beforeAll(async () => {
  ingest = await startIngestProcess('sec-ingest-access');
}, 180_000);
afterAll(async () => {
  await ingest?.stop();
});

interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
}

const PUBLIC = (path: string) => path.startsWith('/health/') || path === '/docs' || path.startsWith('/docs/');

/** Every documented operation, so an endpoint added later is covered without editing this test. */
async function documentedOperations(): Promise<{ method: string; path: string }[]> {
  const response = await fetch(`${ingest.url}/docs/json`);
  expect(response.status).toBe(200);
  const document = (await response.json()) as OpenApiDocument;
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.keys(operations)
      .filter((method) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map((method) => ({ method: method.toUpperCase(), path: path.replace(/\{[^}]+\}/g, '3f0c2a8e-5b7d-4c1a-9e2f-1a2b3c4d5e02') })),
  );
}

describe('ingest authentication', () => {
  it('documents at least the submit, batch and status operations', async () => {
    const operations = (await documentedOperations()).filter((op) => !PUBLIC(op.path));
    expect(operations.map((op) => `${op.method} ${op.path.replace(/[0-9a-f-]{36}/, '{id}')}`).sort()).toEqual(
      expect.arrayContaining(['GET /v1/consultations/{id}', 'POST /v1/consultations', 'POST /v1/consultations/batch']),
    );
  });

  it.each([
    ['no Authorization header', {}],
    ['an unknown key', bearer('not-a-configured-key-0000')],
    ['a Basic credential', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['an empty bearer', { authorization: 'Bearer ' }],
    ['a key hash instead of the key', bearer('0'.repeat(64))],
  ])('answers 401 problem+json to every non-public operation with %s', async (_label, headers: Record<string, string>) => {
    const consultation = consultationFor(PHARMACIES.a.ods);
    for (const op of await documentedOperations()) {
      if (PUBLIC(op.path)) continue;
      const response = await fetch(`${ingest.url}${op.path}`, {
        method: op.method,
        headers: { ...headers, 'content-type': 'application/json' },
        ...(op.method === 'POST' ? { body: JSON.stringify(op.path.endsWith('/batch') ? { consultations: [consultation.body] } : consultation.body) } : {}),
      });
      expect(response.status, `${op.method} ${op.path}`).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
  });

  it('serves health and the API docs without a key', async () => {
    for (const path of ['/health/live', '/health/ready', '/docs/json']) {
      const response = await fetch(`${ingest.url}${path}`);
      expect(response.status, path).toBe(200);
    }
  });
});

describe('pharmacy isolation', () => {
  it('refuses a consultation of another pharmacy, alone or in a batch, and records nothing', async () => {
    const ofB = consultationFor(PHARMACIES.b.ods);
    const single = await fetch(`${ingest.url}/v1/consultations`, { method: 'POST', headers: jsonHeaders(PHARMACIES.a.key), body: JSON.stringify(ofB.body) });
    expect(single.status).toBe(403);
    const batch = await fetch(`${ingest.url}/v1/consultations/batch`, {
      method: 'POST',
      headers: jsonHeaders(PHARMACIES.a.key),
      body: JSON.stringify({ consultations: [ofB.body] }),
    });
    expect(batch.status).toBe(207);
    const results = ((await batch.json()) as { results: { status: number }[] }).results;
    expect(results.map((r) => r.status)).toEqual([403]);
    // Not accepted for anyone: its rightful owner does not see it either.
    const status = await fetch(`${ingest.url}/v1/consultations/${ofB.consultationId}`, { headers: bearer(PHARMACIES.b.key) });
    expect(status.status).toBe(404);
  });

  it("never lets one pharmacy read, replay or overwrite another's consultation", async () => {
    const ofA = consultationFor(PHARMACIES.a.ods);
    const accepted = await fetch(`${ingest.url}/v1/consultations`, { method: 'POST', headers: jsonHeaders(PHARMACIES.a.key), body: JSON.stringify(ofA.body) });
    expect(accepted.status).toBe(202);

    const readByB = await fetch(`${ingest.url}/v1/consultations/${ofA.consultationId}`, { headers: bearer(PHARMACIES.b.key) });
    expect(readByB.status).toBe(403);
    const readBody = await readByB.text();
    expect(readBody).not.toContain(PHARMACIES.a.ods);
    expect(readBody).not.toContain('"timeline"');

    // B re-sends A's consultation id as its own: neither a replay of A's answer nor a new acceptance.
    const hijack = { ...ofA.body, pharmacy: { ...ofA.body.pharmacy, odsCode: PHARMACIES.b.ods } };
    for (const path of ['/v1/consultations', '/v1/consultations/batch']) {
      const response = await fetch(`${ingest.url}${path}`, {
        method: 'POST',
        headers: jsonHeaders(PHARMACIES.b.key),
        body: JSON.stringify(path.endsWith('batch') ? { consultations: [hijack] } : hijack),
      });
      const status = path.endsWith('batch') ? ((await response.json()) as { results: { status: number }[] }).results[0]?.status : response.status;
      expect(status, path).toBeGreaterThanOrEqual(400);
      expect(status, path).toBeLessThan(500);
    }
    const readByA = await fetch(`${ingest.url}/v1/consultations/${ofA.consultationId}`, { headers: bearer(PHARMACIES.a.key) });
    expect(readByA.status).toBe(200);
  });
});
