import { quietLogger } from '@firstsync/testkit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildNhsSimulator, type NhsSimulator } from '../src';

const PRACTICE = 'A12345';

function messageBundle(identifier: string, practiceOds = PRACTICE) {
  return {
    resourceType: 'Bundle',
    type: 'message',
    identifier: { system: 'https://tools.ietf.org/html/rfc4122', value: identifier },
    entry: [
      { fullUrl: 'urn:uuid:mh-1', resource: { resourceType: 'MessageHeader', id: `mh-${identifier}` } },
      {
        fullUrl: 'urn:uuid:doc-1',
        resource: {
          resourceType: 'Bundle',
          type: 'document',
          entry: [
            { fullUrl: 'urn:uuid:pat-1', resource: { resourceType: 'Patient', generalPractitioner: [{ reference: 'urn:uuid:gp-1' }] } },
            {
              fullUrl: 'urn:uuid:gp-1',
              resource: { resourceType: 'Organization', identifier: [{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: practiceOds }] },
            },
          ],
        },
      },
    ],
  };
}

let simulator: NhsSimulator;

beforeEach(() => {
  simulator = buildNhsSimulator({ config: { SIMULATOR_BODY_LIMIT_BYTES: 1_000_000 }, logger: quietLogger });
});
afterEach(async () => {
  await simulator.app.close();
});

function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  return simulator.app.inject({ method: 'POST', url, payload: JSON.stringify(body), headers: { 'content-type': 'application/fhir+json', ...headers } });
}

async function faults(ods: string, body: unknown) {
  const response = await simulator.app.inject({ method: 'PUT', url: `/admin/practices/${ods}/faults`, payload: body as object });
  expect(response.statusCode).toBe(200);
}

async function received(query = '') {
  return (await simulator.app.inject({ method: 'GET', url: `/admin/received${query}` })).json() as {
    count: number;
    duplicates: number;
    messages: { bundleIdentifier: string; practiceOds: string; consultationId: string | null; receipts: number; duplicates: number }[];
  };
}

describe('FHIR $process-message endpoint', () => {
  it('accepts a message once and answers repeats as duplicates, counting them', async () => {
    const url = `/fhir/${PRACTICE}/$process-message`;
    const first = await post(url, messageBundle('b-1'), { 'x-consultation-id': 'c-1' });
    const second = await post(url, messageBundle('b-1'), { 'x-consultation-id': 'c-1' });
    expect(first.statusCode).toBe(200);
    expect(first.json().issue[0]).toMatchObject({ severity: 'information', code: 'informational' });
    expect(second.statusCode).toBe(200);
    expect(second.json().issue[0]).toMatchObject({ severity: 'information', code: 'duplicate' });
    const summary = await received(`?consultationId=c-1`);
    expect(summary).toMatchObject({ count: 1, duplicates: 1, messages: [{ bundleIdentifier: 'b-1', receipts: 2, duplicates: 1 }] });
  });

  it('answers duplicates with 409 when told to', async () => {
    await faults(PRACTICE, { duplicateAnswer: 'conflict' });
    await post(`/fhir/${PRACTICE}/$process-message`, messageBundle('b-2'));
    const repeat = await post(`/fhir/${PRACTICE}/$process-message`, messageBundle('b-2'));
    expect(repeat.statusCode).toBe(409);
    expect(repeat.json().issue[0]).toMatchObject({ severity: 'error', code: 'duplicate' });
  });

  it('takes the practice from the message when the URL names none', async () => {
    await post('/fhir/$process-message', messageBundle('b-3', 'B65432'));
    expect((await received('?practiceOds=B65432')).messages.map((m) => m.bundleIdentifier)).toEqual(['b-3']);
  });

  it('rejects a message that is not a valid ITK3 envelope with 422 and an error OperationOutcome', async () => {
    const response = await post(`/fhir/${PRACTICE}/$process-message`, { resourceType: 'Bundle', type: 'collection' });
    expect(response.statusCode).toBe(422);
    expect(response.json().issue.map((i: { severity: string; expression: string[] }) => [i.severity, i.expression[0]])).toEqual([
      ['error', 'Bundle.type'],
      ['error', 'Bundle.identifier.value'],
      ['error', 'Bundle.entry[0]'],
    ]);
    expect((await received()).count).toBe(0);
  });

  it('answers unparseable JSON with an OperationOutcome', async () => {
    const response = await simulator.app.inject({
      method: 'POST',
      url: `/fhir/${PRACTICE}/$process-message`,
      payload: '{not json',
      headers: { 'content-type': 'application/fhir+json' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().resourceType).toBe('OperationOutcome');
  });

  it('fails during a counted outage without storing, then recovers', async () => {
    await faults(PRACTICE, { outage: { requests: 1 } });
    const during = await post(`/fhir/${PRACTICE}/$process-message`, messageBundle('b-4'));
    const after = await post(`/fhir/${PRACTICE}/$process-message`, messageBundle('b-4'));
    expect([during.statusCode, after.statusCode]).toEqual([503, 200]);
    expect(during.json().issue[0]).toMatchObject({ severity: 'error', code: 'transient' });
    expect((await received()).messages).toMatchObject([{ bundleIdentifier: 'b-4', receipts: 1 }]);
  });

  it('rejects permanently with the injected diagnostics, only for the faulty practice', async () => {
    await faults(PRACTICE, { reject: { status: 400, diagnostics: 'Recipient cannot process this message' } });
    const rejected = await post(`/fhir/${PRACTICE}/$process-message`, messageBundle('b-5'));
    const other = await post('/fhir/B65432/$process-message', messageBundle('b-6', 'B65432'));
    expect(rejected.statusCode).toBe(400);
    expect(rejected.json().issue[0]).toMatchObject({ severity: 'error', code: 'invalid', diagnostics: 'Recipient cannot process this message' });
    expect(other.statusCode).toBe(200);
  });

  it('refuses an invalid fault definition and clears faults on reset', async () => {
    const bad = await simulator.app.inject({ method: 'PUT', url: `/admin/practices/${PRACTICE}/faults`, payload: { status: 200 } });
    expect(bad.statusCode).toBe(400);
    await faults(PRACTICE, { status: 500 });
    await post(`/fhir/${PRACTICE}/$process-message`, messageBundle('b-7'));
    expect((await simulator.app.inject({ method: 'POST', url: '/admin/reset' })).statusCode).toBe(204);
    const response = await post(`/fhir/${PRACTICE}/$process-message`, messageBundle('b-7'));
    expect(response.statusCode).toBe(200);
    expect((await received()).messages).toMatchObject([{ receipts: 1 }]);
  });

  it('lists received Bundles with their identifiers, filtered by Bundle identifier, with the Bundle on request', async () => {
    await post(`/fhir/${PRACTICE}/$process-message`, messageBundle('b-8'), { 'x-consultation-id': 'c-8', 'x-correlation-id': 'corr-8' });
    await post(`/fhir/${PRACTICE}/$process-message`, messageBundle('b-9'), { 'x-consultation-id': 'c-9' });
    const plain = await received('?bundleIdentifier=b-8');
    expect(plain.messages).toEqual([
      expect.objectContaining({ bundleIdentifier: 'b-8', messageHeaderId: 'mh-b-8', consultationId: 'c-8', correlationId: 'corr-8', practiceOds: PRACTICE }),
    ]);
    expect(plain.messages[0]).not.toHaveProperty('bundle');
    const full = (await simulator.app.inject({ method: 'GET', url: '/admin/received?consultationId=c-9&include=bundle' })).json() as {
      messages: { bundle: { identifier: { value: string } } }[];
    };
    expect(full.messages.map((m) => m.bundle.identifier.value)).toEqual(['b-9']);
  });

  it('never answers while a practice hangs, so the client timeout decides', async () => {
    await faults(PRACTICE, { hang: true });
    await simulator.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = simulator.app.server.address() as { port: number };
    const abort = new AbortController();
    const call = fetch(`http://127.0.0.1:${port}/fhir/${PRACTICE}/$process-message`, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json' },
      body: JSON.stringify(messageBundle('b-10')),
      signal: abort.signal,
    });
    let settled = false;
    void call.then(
      () => (settled = true),
      () => (settled = true),
    );
    await vi.waitFor(() => expect(simulator.state.faults.countersOf(PRACTICE).requests).toBe(1), { timeout: 10_000 });
    // A later request to another practice is answered while the hanging one still is not.
    const other = await fetch(`http://127.0.0.1:${port}/fhir/B65432/$process-message`, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json' },
      body: JSON.stringify(messageBundle('b-11', 'B65432')),
    });
    expect(other.status).toBe(200);
    expect(settled).toBe(false);
    abort.abort();
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    expect((await received(`?practiceOds=${PRACTICE}`)).count).toBe(0);
  });

  it('reports live and ready', async () => {
    expect((await simulator.app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
  });
});
