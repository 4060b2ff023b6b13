import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { systemClock } from '@firstsync/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, PHARMACY_A, postConsultation, type RunningIngest, startIngest } from './support/ingest-harness';

const DEMO_KEY = 'demo-pharmacy-key-FXA01';
const demoConsultation: unknown = JSON.parse(readFileSync(fileURLToPath(new URL('../../../infra/demo/consultation.json', import.meta.url)), 'utf8'));

describe('development defaults: the documented demo key and infra/demo/consultation.json', () => {
  let ingest: RunningIngest;
  beforeAll(async () => {
    // The real clock: the demo file must stay valid on the day anyone runs it.
    ingest = await startIngest({ label: 'ingest-demo', demoKeys: true, clock: systemClock });
  });
  afterAll(async () => {
    await ingest?.stop();
  });

  it('accepts the demo consultation with the demo key over real HTTP, and answers a re-send with the same result', async () => {
    // As the README's curl does: a real socket on loopback, the file's bytes as they are.
    const address = await ingest.app.listen({ host: '127.0.0.1', port: 0 });
    const send = () =>
      fetch(`${address}/v1/consultations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${DEMO_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(demoConsultation),
      });
    const first = await send();
    const firstBody: unknown = await first.json();
    expect(first.status, JSON.stringify(firstBody)).toBe(202);
    expect(firstBody).toMatchObject({ consultationId: '6d1f3c52-8a4e-4b7f-9c21-0e5a7b3d9f11', version: 1, status: 'accepted', warnings: [] });
    const again = await send();
    expect(again.status).toBe(202);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(firstBody);
  });

  it('accepts no other key when INGEST_API_KEYS is unset', async () => {
    expect((await postConsultation(ingest.app, demoConsultation, PHARMACY_A.key)).statusCode).toBe(401);
    const get = await ingest.app.inject({
      method: 'GET',
      url: '/v1/consultations/6d1f3c52-8a4e-4b7f-9c21-0e5a7b3d9f11',
      headers: auth('demo-pharmacy-key-FXA02'),
    });
    expect(get.statusCode).toBe(401);
  });
});
