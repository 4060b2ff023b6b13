// What the dashboard holds in memory per consultation is bounded by configuration whatever the
// number of consultations on the topics (the 10-minute soak on a PostgreSQL read store found the
// patient identities growing with every GP message). Counts, not timings or heap sizes.
import { randomUUID } from 'node:crypto';
import type { PipelineEvent } from '@firstsync/contracts';
import { defined } from '@firstsync/testkit/defined';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDashboardConfig } from '../src/config';
import { BoundedMap } from '../src/memory/bounded-map';
import { MessageCache } from '../src/messages/message-cache';
import { PatientIdentities } from '../src/patient-identities';
import { InMemoryReadModel } from '../src/read-model/in-memory-read-model';
import { WorklistCache } from '../src/worklist/worklist';
import { journey } from './support/events';
import { minimalGpMessage } from './support/gp-message';
import { InjectClient } from './support/inject-client';
import { type OfflineDashboard, offlineDashboard } from './support/offline-dashboard';

const gpMessage = (consultationId: string, surname: string) => minimalGpMessage({ consultationId, practiceOds: 'A81001', surname });

describe('BoundedMap', () => {
  it('keeps the newest writes up to its bound and counts what it dropped', () => {
    const map = new BoundedMap<string, number>(3);
    for (const [i, key] of ['a', 'b', 'c', 'd', 'e'].entries()) map.set(key, i);
    expect(map.size).toBe(3);
    expect(map.dropped).toBe(2);
    expect(['a', 'b', 'c', 'd', 'e'].map((k) => map.get(k))).toEqual([undefined, undefined, 2, 3, 4]);
    // A write makes an entry the newest again: `c` survives the next one, `d` does not.
    map.set('c', 20);
    map.set('f', 5);
    expect([map.has('c'), map.has('d'), map.has('f')]).toEqual([true, false, true]);
    expect(() => new BoundedMap(0)).toThrow(RangeError);
  });
});

describe('patient identities', () => {
  it('hold at most DASHBOARD_IDENTITIES_MAX, the newest GP messages first', () => {
    const identities = new PatientIdentities(100);
    const ids = Array.from({ length: 1_000 }, () => randomUUID());
    for (const [i, id] of ids.entries()) identities.remember(gpMessage(id, `PATIENT${i}`));
    expect(identities.size).toBe(100);
    expect(identities.lookup(defined(ids[0], 'the first'))).toBeUndefined();
    expect(identities.lookup(defined(ids[899], 'the last dropped'))).toBeUndefined();
    expect(identities.lookup(defined(ids[900], 'the oldest kept'))?.surname).toBe('PATIENT900');
    expect(identities.lookup(defined(ids[999], 'the newest'))?.surname).toBe('PATIENT999');
  });

  it('tell a dropped identity (a GP message was built) from one never read', () => {
    const identities = new PatientIdentities(1);
    const [first, second] = [randomUUID(), randomUUID()];
    identities.remember(gpMessage(first, 'FIRST'));
    // Nothing dropped yet: a consultation without identifiers is simply not known.
    expect(identities.status(randomUUID(), true)).toBe('not-known');
    identities.remember(gpMessage(second, 'SECOND'));
    expect(identities.status(second, true)).toBe('shown');
    expect(identities.status(first, true)).toBe('no-longer-held');
    // Never mapped (not shared with the GP, say): no message was ever on the topic.
    expect(identities.status(first, false)).toBe('not-known');
  });
});

describe('worklist cache', () => {
  it('remembers at most DASHBOARD_WORKLIST_CACHE_MAX consultations', async () => {
    const readModel = new InMemoryReadModel();
    const views = [];
    for (let i = 0; i < 50; i += 1) {
      const id = randomUUID();
      for (const e of journey(id, [
        ['received', i],
        ['mapped', i + 1],
      ]))
        await readModel.apply(e);
      views.push(defined(await readModel.get(id), 'the consultation').view);
    }
    const cache = new WorklistCache(10);
    for (const view of views) await cache.openFor({ readModel }, view);
    expect(cache.size).toBe(10);
  });
});

describe('message cache', () => {
  it('holds a copy of the bytes it was given, not the buffer they came in', () => {
    const message = gpMessage(randomUUID(), 'COPIED');
    const fetched = Buffer.from(`padding${JSON.stringify(message)}padding`);
    const record = fetched.subarray('padding'.length, fetched.length - 'padding'.length);
    const cache = new MessageCache(1_000_000);
    expect(cache.remember(message, record)).toBe(true);
    expect(cache.bytes).toBe(record.length);
    fetched.fill(0);
    expect(cache.get(message.consultationId)?.meshRouting.surname).toBe('COPIED');
  });
});

describe('configuration', () => {
  it('bounds identities and the worklist cache by default, and refuses a bound of 0', () => {
    const config = loadDashboardConfig({ KAFKA_BROKERS: '127.0.0.1:1' });
    expect(config.DASHBOARD_IDENTITIES_MAX).toBe(50_000);
    expect(config.DASHBOARD_WORKLIST_CACHE_MAX).toBe(20_000);
    expect(() => loadDashboardConfig({ KAFKA_BROKERS: '127.0.0.1:1', DASHBOARD_IDENTITIES_MAX: '0' })).toThrow(/DASHBOARD_IDENTITIES_MAX/);
    expect(() => loadDashboardConfig({ KAFKA_BROKERS: '127.0.0.1:1', DASHBOARD_WORKLIST_CACHE_MAX: '0' })).toThrow(/DASHBOARD_WORKLIST_CACHE_MAX/);
  });
});

describe('a reveal beyond the identities bound', () => {
  let offline: OfflineDashboard;
  const [dropped, kept, neverMapped] = [randomUUID(), randomUUID(), randomUUID()];
  const revealedEvents = () =>
    offline.sent
      .filter((r) => r.topic.endsWith('pipeline.events.v1') && typeof r.value === 'string')
      .map((r) => JSON.parse(String(r.value)) as PipelineEvent)
      .filter((e) => e.type === 'revealed');

  beforeAll(async () => {
    offline = await offlineDashboard({ env: { DASHBOARD_IDENTITIES_MAX: '1' } });
    for (const id of [dropped, kept])
      for (const e of journey(id, [
        ['received', 0],
        ['mapped', 1],
      ]))
        await offline.dashboard.readModel.apply(e);
    for (const e of journey(neverMapped, [['received', 0]])) await offline.dashboard.readModel.apply(e);
    offline.dashboard.identities.remember(gpMessage(dropped, 'DROPPEDPATIENT'));
    offline.dashboard.identities.remember(gpMessage(kept, 'KEPTPATIENT'));
  });
  afterAll(async () => {
    await offline.close();
  });

  it('says the identity is no longer held, and is audited like any other reveal', async () => {
    const operator = new InjectClient(offline.dashboard, '198.51.100.31');
    expect((await operator.login('operator', 'operator-demo-password')).status).toBe(303);
    const csrf = defined(
      /<meta name="csrf-token" content="([^"]+)">/.exec((await operator.request('GET', `/consultations/${dropped}`)).body)?.[1],
      'a CSRF token',
    );
    const reveal = (id: string) => operator.request('POST', `/consultations/${id}/reveal`, { form: { _csrf: csrf, reason: 'checking the bound' } });

    const page = await reveal(dropped);
    expect(page.status).toBe(200);
    expect(page.body).toContain('data-testid="identity-no-longer-held"');
    expect(page.body).not.toContain('DROPPEDPATIENT');
    expect((await reveal(kept)).body).toContain('KEPTPATIENT');
    const notKnown = await reveal(neverMapped);
    expect(notKnown.body).toContain('Not known to the dashboard');
    expect(notKnown.body).not.toContain('identity-no-longer-held');
    expect(revealedEvents().map((e) => [e.consultationId, e.actor])).toEqual([
      [dropped, 'operator'],
      [kept, 'operator'],
      [neverMapped, 'operator'],
    ]);

    const api = await operator.request('POST', `/api/consultations/${dropped}/reveal`, { headers: { 'x-csrf-token': csrf, accept: 'application/json' } });
    expect(api.status).toBe(200);
    expect(JSON.parse(api.body)).toMatchObject({ identity: null, identityStatus: 'no-longer-held' });
  });
});
