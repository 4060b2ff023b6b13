import { randomBytes } from 'node:crypto';
import { type Consultation, createConsultationSchema, normaliseNhsNumber, type OutcomeFactRecord } from '@firstsync/contracts';
import { cloneFixture, FIXTURE_NOW, fixtureNames } from '@firstsync/contracts/fixtures';
import { consultationPartOf } from '@firstsync/outcomes-core';
import type { OutcomesStore } from '@firstsync/outcomes-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from './support/dashboard-harness';
import { InjectClient } from './support/inject-client';
import { type OfflineDashboard, offlineDashboard } from './support/offline-dashboard';
import { fixtureOutcomesStore } from './support/outcomes-store';

// No identifier and no free text reaches an outcomes page, JSON answer or CSV export: every
// contract fixture, its free text marked, goes the whole way (consultation part -> store ->
// disclosed figures -> page and exports), and nothing of the patient, the consultation's id or
// its fact key (which links back to the id) comes out.

const SENTINEL = 'ZQ#';
const TEXT_KEYS = new Set(['given', 'family', 'name', 'display', 'unit', 'dosageText', 'patientInstruction', 'reference']);
const NOTE_KEYS = new Set(['clinicalSummary', 'history', 'redFlags', 'adviceGiven', 'plan', 'signposting']);

function markText(value: unknown, key: string | undefined, marked: string[]): unknown {
  if (typeof value === 'string') {
    if (key === undefined || !(TEXT_KEYS.has(key) || NOTE_KEYS.has(key))) return value;
    const text = `${SENTINEL}${marked.length}#${value}`;
    marked.push(text);
    return text;
  }
  if (Array.isArray(value)) return value.map((item) => markText(item, key, marked));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, markText(v, k, marked)]));
  return value;
}

const schema = createConsultationSchema({ now: () => FIXTURE_NOW });
const consultations: Consultation[] = [];
const marked: string[] = [];
const factKeys: string[] = [];
const records: OutcomeFactRecord[] = [];

let store: OutcomesStore;
let offline: OfflineDashboard;
beforeAll(async () => {
  for (const name of fixtureNames) {
    const consultation = markText(schema.parse(cloneFixture(name)), undefined, marked) as Consultation;
    const factKey = randomBytes(32).toString('hex');
    consultations.push(consultation);
    factKeys.push(factKey);
    records.push(consultationPartOf(consultation, factKey));
    records.push({ part: 'delivery', factKey, version: 1, result: 'filed', route: 'fhir-rest', code: '201', filedAt: '2026-03-10T16:00:00.000Z' });
  }
  store = await fixtureOutcomesStore(records);
  offline = await offlineDashboard({ outcomes: store });
});
afterAll(async () => {
  await offline?.close();
  await store?.close();
});

function leaks(body: string): string[] {
  const found: string[] = [];
  if (body.includes(SENTINEL) || marked.some((m) => body.includes(m))) found.push('free text');
  for (const c of consultations) {
    const nhs = normaliseNhsNumber(c.patient.nhsNumber);
    if (new RegExp(`(?<![0-9])${nhs}(?![0-9])`).test(body) || body.includes(`${nhs.slice(0, 3)} ${nhs.slice(3, 6)} ${nhs.slice(6)}`)) found.push('NHS number');
    if (body.includes(c.patient.birthDate)) found.push('birth date');
    if (c.patient.postcode && body.includes(c.patient.postcode)) found.push('postcode');
    if (body.includes(c.consultationId)) found.push('consultation id');
    if (body.includes(c.startedAt)) found.push('time of the consultation');
  }
  if (factKeys.some((k) => body.includes(k))) found.push('fact key');
  return found;
}

describe('outcomes pages and exports', () => {
  it('carry no identifier, no free text, no id and no fact key, at every level', async () => {
    expect(records.length).toBeGreaterThan(10);
    const client = new InjectClient(offline.dashboard, '198.51.100.77');
    expect((await client.login(DEMO.operator.username, DEMO.operator.password)).status).toBe(303);
    const practices = [...new Set(consultations.map((c) => c.patient.registeredPractice?.odsCode).filter((ods) => ods !== undefined))];
    const pharmacies = [...new Set(consultations.map((c) => c.pharmacy.odsCode))];
    const areas = [
      'national',
      'icb/QZA',
      'icb/QZB',
      'sub-icb/Z1A',
      'sub-icb/Z1B',
      'pcn/U90001',
      'pcn/U90003',
      'pcn/unmapped',
      ...practices.map((p) => `practice/${p}`),
      ...pharmacies.map((p) => `pharmacy/${p}`),
    ];
    const query = '?granularity=week&from=2026-03-02&to=2026-03-16';
    let seen = 0;
    for (const area of areas)
      for (const url of [`/outcomes/${area}${query}`, `/api/outcomes/${area}${query}`, `/api/outcomes/${area}.csv${query}`]) {
        const response = await client.request('GET', url);
        expect(response.status, url).toBe(200);
        expect(leaks(response.body), url).toEqual([]);
        seen += 1;
      }
    // The figures are there, disclosed: England's total is the fixtures' count to the nearest 5.
    const england = JSON.parse((await client.request('GET', `/api/outcomes/national${query}`)).body) as { totals: { consultations: number | '*' } };
    expect(england.totals.consultations).toBe(Math.round(consultations.length / 5) * 5);
    expect(seen).toBe(areas.length * 3);
  });
});
