import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { systemClock } from '@firstsync/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, json, PHARMACY_A, postConsultation, startIngest, type RunningIngest } from './support/ingest-harness';

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

  it('accepts the demo consultation with the demo key, and answers a re-send with the same result', async () => {
    const first = await postConsultation(ingest.app, demoConsultation, DEMO_KEY);
    expect(first.statusCode, first.body).toBe(202);
    expect(json(first)).toMatchObject({ consultationId: '6d1f3c52-8a4e-4b7f-9c21-0e5a7b3d9f11', version: 1, status: 'accepted', warnings: [] });
    const again = await postConsultation(ingest.app, demoConsultation, DEMO_KEY);
    expect(again.statusCode).toBe(202);
    expect(again.headers['idempotent-replayed']).toBe('true');
  });

  it('accepts no other key when INGEST_API_KEYS is unset', async () => {
    expect((await postConsultation(ingest.app, demoConsultation, PHARMACY_A.key)).statusCode).toBe(401);
    const get = await ingest.app.inject({ method: 'GET', url: '/v1/consultations/6d1f3c52-8a4e-4b7f-9c21-0e5a7b3d9f11', headers: auth('demo-pharmacy-key-FXA02') });
    expect(get.statusCode).toBe(401);
  });
});
