import { randomUUID } from 'node:crypto';
import { createPipelineEvent, type PipelineEvent } from '@firstsync/contracts';
import { openReadStore } from '@firstsync/read-store';
import { quietLogger } from '@firstsync/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIngestConfig } from '../src/config';
import { problems } from '../src/http/problems';
import { createMemoryIdempotencyStore } from '../src/idempotency/store';
import { consultationStatus } from '../src/status/status-query';
import { memoryStatusTimelines } from '../src/status/status-timelines';
import { type StoreStatusTimelines, storeStatusTimelines } from '../src/status/store-timelines';

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-11T12:00:00Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();
const pharmacyA = { name: 'pharmacy-a', pharmacyOds: 'FTA01' };
const pharmacyB = { name: 'pharmacy-b', pharmacyOds: 'FTB02' };

// The store-backed timelines on an embedded PGlite (in memory), without Kafka: what the status
// query answers from them, and what pruning past the retention does to the answer.
describe('status timelines in a read store (PGlite)', () => {
  let now = T0;
  let timelines: StoreStatusTimelines;
  const config = loadIngestConfig({ KAFKA_BROKERS: '127.0.0.1:1' });
  /** `asOfMs`: the view is known current at that instant (undefined: not yet established). */
  const query = (id: string, client = pharmacyA, caughtUp = true, asOfMs = now) =>
    consultationStatus(id, client, {
      store: createMemoryIdempotencyStore(10),
      timelines,
      statusUrl: (consultationId) => `http://ingest.test/v1/consultations/${consultationId}`,
      asOf: () => (caughtUp ? new Date(asOfMs) : undefined),
      maxLagMs: 30_000,
      clock: { now: () => new Date(now) },
    });

  beforeAll(async () => {
    const store = await openReadStore({ url: 'pglite:', schema: config.STATUS_STORE_SCHEMA });
    timelines = storeStatusTimelines(store, {
      kind: 'pglite',
      retentionDays: config.STATUS_RETENTION_DAYS,
      pruneIntervalMs: config.STATUS_STORE_PRUNE_INTERVAL_MS,
      clock: { now: () => new Date(now) },
    });
  });
  afterAll(async () => {
    await timelines?.close();
  });

  const eventsOf = (id: string): PipelineEvent[] => {
    const common = { consultationId: id, version: 1, pharmacyOds: pharmacyA.pharmacyOds };
    return [
      createPipelineEvent({ ...common, type: 'sent', source: 'delivery', transport: 'mesh', attempt: 1, at: at(2_000) }),
      createPipelineEvent({ ...common, type: 'received', source: 'ingest', at: at(0) }),
      createPipelineEvent({ ...common, type: 'revealed', source: 'dashboard', actor: 'ops-user', reason: 'support call', at: at(3_000) }),
      createPipelineEvent({ ...common, type: 'mapped', source: 'fhir-mapper', at: at(1_000) }),
      createPipelineEvent({ ...common, type: 'bus-ack', source: 'delivery', transport: 'mesh', code: '30001', at: at(4_000) }),
    ];
  };

  it("answers from the store alone: owner from ingest's received event, events in pipeline order, no operator records", async () => {
    const id = randomUUID();
    for (const event of eventsOf(id)) await timelines.add(event);
    const answer = await query(id);
    if (answer.kind !== 'found') throw new Error(`expected found, got ${answer.kind}`);
    expect(answer.view.state).toBe('delivered');
    expect(answer.view.timeline.map((e) => e.type)).toEqual(['received', 'mapped', 'sent', 'bus-ack']);
    expect(JSON.stringify(answer.view)).not.toContain('ops-user');
    expect(JSON.stringify(await timelines.get(id))).not.toContain('support call');
    // No idempotency entry here: the owner came from the stored `received` event.
    expect((await query(id, pharmacyB)).kind).toBe('forbidden');
  });

  it('answers a state only with the instant it is known current at, and 503 (behind / starting) past the allowed lag', async () => {
    const id = randomUUID();
    for (const event of eventsOf(id)) await timelines.add(event);
    const current = await query(id, pharmacyA, true, now - 30_000);
    if (current.kind !== 'found') throw new Error(`expected found, got ${current.kind}`);
    expect(current.view).toMatchObject({ state: 'delivered', asOf: new Date(now - 30_000).toISOString() });
    expect(await query(id, pharmacyA, true, now - 30_001)).toEqual({ kind: 'behind', lagMs: 30_001 });
    expect(await query(id, pharmacyA, false)).toEqual({ kind: 'starting' });
    // Whose it is does not depend on how current the view is: another pharmacy is refused either way.
    expect((await query(id, pharmacyB, true, now - 60_000)).kind).toBe('forbidden');
    expect(problems.statusBehind(30_001, 30_000).detail).toContain('30.1 s behind (it answers up to 30 s behind)');
  });

  it('says an unknown consultation may be older than the retention, and waits (503) while its view is not caught up', async () => {
    const unknown = randomUUID();
    expect(await query(unknown)).toEqual({ kind: 'not-found', retentionDays: 90 });
    expect(problems.consultationNotFound(90).detail).toContain('more than 90 days ago');
    expect(await query(unknown, pharmacyA, false)).toEqual({ kind: 'starting' });
  });

  it('forgets a consultation once its last event is older than the retention, and then answers not-found', async () => {
    const id = randomUUID();
    for (const event of eventsOf(id)) await timelines.add(event);
    now = T0 + 89 * DAY;
    await timelines.prune(quietLogger);
    expect((await query(id)).kind).toBe('found');
    now = T0 + 91 * DAY;
    expect(await timelines.prune(quietLogger)).toBeGreaterThanOrEqual(1);
    expect(await timelines.get(id)).toBeUndefined();
    expect(await query(id)).toEqual({ kind: 'not-found', retentionDays: 90 });
  });

  it('in memory (no store) an unknown consultation is just unknown: memory keeps the latest by count, not a period', async () => {
    const memory = memoryStatusTimelines({ maxConsultations: 10, maxEventsPerConsultation: 10 });
    const answer = await consultationStatus(randomUUID(), pharmacyA, {
      store: createMemoryIdempotencyStore(10),
      timelines: memory,
      statusUrl: (id) => id,
      asOf: () => undefined,
      maxLagMs: 30_000,
      clock: { now: () => new Date(now) },
    });
    expect(answer).toEqual({ kind: 'not-found' });
  });
});
