import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ensureTopics } from '@firstsync/kafka';
import { DashboardClient, type RunningSystem, startSystem } from '@firstsync/system-harness';
import { quietLogger, testBrokers, testKafka } from '@firstsync/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// What `npm start` shows: the demo consultation, posted to ingest, becomes an outcome fact
// (services/outcomes) that the dashboard absorbs and shows to the commissioner of the practice's ICB
// in the synthetic reference fixture it loads at start. Every service is its own process, as there.

const DEMO = fileURLToPath(new URL('../../demo/consultation.json', import.meta.url));
const PERIOD = '?granularity=month&from=2026-03-01&to=2026-04-01';

describe('outcomes from the demo traffic', () => {
  const prefix = `t.e2e-outcomes.${randomUUID().slice(0, 8)}.`;
  let system: RunningSystem | undefined;

  beforeAll(async () => {
    await ensureTopics(testKafka('e2e-admin'), quietLogger, { prefix });
    system = await startSystem({
      brokers: testBrokers(),
      topicPrefix: prefix,
      only: ['nhs-simulator', 'ingest', 'fhir-mapper', 'delivery', 'outcomes', 'dashboard'],
    });
  }, 180_000);

  afterAll(async () => {
    await system?.stop();
  });

  it("counts the demo consultation in its practice's PCN and ICB, disclosed", async () => {
    if (!system) throw new Error('system did not start');
    const commissioner = new DashboardClient(system.url('dashboard'));
    expect((await commissioner.login('commissioner', 'commissioner-demo-password')).status).toBe(303);
    const totalOf = async (path: string) =>
      ((await (await commissioner.request('GET', `${path}${PERIOD}`)).json()) as { totals: { consultations: number | '*' } }).totals.consultations;
    expect(await totalOf('/api/outcomes/practice/A81001')).toBe(0);

    const consultation = JSON.parse(readFileSync(DEMO, 'utf8')) as { consultationId: string };
    consultation.consultationId = randomUUID();
    const posted = await fetch(`${system.url('ingest')}/v1/consultations`, {
      method: 'POST',
      headers: { authorization: 'Bearer demo-pharmacy-key-FXA01', 'content-type': 'application/json' },
      body: JSON.stringify(consultation),
    });
    expect(posted.status).toBe(202);

    // One consultation is a count of 1: shown as *, never as 1.
    const deadline = Date.now() + 60_000;
    while ((await totalOf('/api/outcomes/practice/A81001')) !== '*') {
      if (Date.now() > deadline) throw new Error('the demo consultation never reached the outcomes figures');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    for (const area of ['/api/outcomes/pcn/U90001', '/api/outcomes/icb/QZA', '/api/outcomes/pharmacy/FXA01']) expect(await totalOf(area), area).toBe('*');
    const csv = await (await commissioner.request('GET', `/api/outcomes/icb/QZA.csv${PERIOD}`)).text();
    expect(csv).toContain('icb,QZA,month,2026-03-01,2026-04-01,consultations,current,,*');
    expect(csv).not.toContain(consultation.consultationId);
  }, 120_000);
});
