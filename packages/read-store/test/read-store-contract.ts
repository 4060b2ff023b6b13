import { randomUUID } from 'node:crypto';
import type { OpsCommand, PipelineEvent } from '@firstsync/contracts';
import { defined } from '@firstsync/testkit/defined';
import { describe, expect, it } from 'vitest';
import type { EventTags, ReadStore, ViewRow } from '../src/index';
import { sessionRepositoryContract } from './session-contract';

export interface TestView {
  id: string;
  note: string;
  eventCount?: number;
}

/** A fresh, migrated, empty store (its own schema); `reopen` migrates the same schema again. */
export interface StoreUnderTest {
  store: ReadStore<TestView>;
  reopen(): Promise<{ store: ReadStore<TestView>; newlyApplied: number[] }>;
}

const T0 = Date.parse('2026-03-03T09:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
const plain: EventTags = { practiceSignal: false, audit: false };

function pipelineEvent(fields: Partial<PipelineEvent> & Pick<PipelineEvent, 'type'>, seconds = 0): PipelineEvent {
  return { eventId: randomUUID(), at: at(seconds), source: 'delivery', ...fields };
}

function row(id: string, fields: Partial<ViewRow<TestView>> = {}): ViewRow<TestView> {
  return { consultationId: id, state: 'received', seenMs: T0, lastEventMs: T0, view: { id, note: 'v' }, ...fields };
}

async function put(store: ReadStore<TestView>, ...rows: ViewRow<TestView>[]): Promise<void> {
  await store.transaction((tx) => tx.putViews(rows));
}

/** The behaviour every adapter must show, run against PGlite (unit) and a real server (integration). */
export function readStoreContract(open: () => Promise<StoreUnderTest>): void {
  // The second repository is another connection to the same schema, as a second dashboard instance has.
  describe('sessions', () =>
    sessionRepositoryContract(async () => {
      const { store, reopen } = await open();
      return { sessions: store.sessions(), second: (await reopen()).store.sessions() };
    }));

  it('migrates once: a second start applies nothing and keeps the data', async () => {
    const { store, reopen } = await open();
    await put(store, row('c-1'));
    const again = await reopen();
    expect(again.newlyApplied).toEqual([]);
    expect(await again.store.view('c-1')).toEqual({ id: 'c-1', note: 'v' });
  });

  it('stores an event once per eventId and returns the timeline as written', async () => {
    const { store } = await open();
    const id = randomUUID();
    const e = pipelineEvent({ type: 'sent', consultationId: id, details: { attempt: 2, circuit: 'open' } });
    const first = await store.transaction((tx) => tx.insertEvent(e, plain));
    const second = await store.transaction((tx) => tx.insertEvent({ ...e }, plain));
    expect([first, second]).toEqual([true, false]);
    expect(await store.timeline(id)).toEqual([e]);
  });

  it('stores a batch of events in one call: each once per eventId, tags and bodies as insertEvent stores them', async () => {
    const { store } = await open();
    const [a, b] = [randomUUID(), randomUUID()];
    const known = pipelineEvent({ type: 'received', consultationId: a, practiceOds: 'P9' }, 1);
    await store.transaction((tx) => tx.insertEvent(known, plain));
    const commandId = randomUUID();
    // Quotes, backslashes and braces: the characters an array literal must escape.
    const sent = pipelineEvent({ type: 'sent', consultationId: a, details: { quote: 'it\'s "quoted" \\ {braced}, ünïcode' } }, 2);
    const mapped = pipelineEvent({ type: 'mapped', consultationId: b }, 3);
    const outcome = pipelineEvent({ type: 'resend-requested', consultationId: b, details: { commandId } }, 4);
    const held = pipelineEvent({ type: 'practice-held', practiceOds: 'P9' }, 5);
    const fresh = [sent, mapped, outcome, held];
    const batch = [
      { event: known, tags: plain },
      { event: sent, tags: plain },
      { event: mapped, tags: plain },
      { event: { ...mapped }, tags: plain },
      { event: outcome, tags: { practiceSignal: false, audit: true, commandId } },
      { event: held, tags: { practiceSignal: true, audit: false } },
    ];
    expect([...(await store.transaction((tx) => tx.insertEvents(batch)))].sort()).toEqual(fresh.map((e) => e.eventId).sort());
    expect(await store.transaction((tx) => tx.insertEvents(batch))).toEqual([]);
    expect(await store.transaction((tx) => tx.insertEvents([]))).toEqual([]);
    const byId = (events: PipelineEvent[]) => [...events].sort((x, y) => (x.eventId < y.eventId ? -1 : 1));
    expect(byId(await store.timeline(a))).toEqual(byId([known, sent]));
    expect(byId(await store.timeline(b))).toEqual(byId([mapped, outcome]));
    expect(await store.practiceSignals()).toEqual([held]);
    expect(await store.auditEvents(10)).toEqual([outcome]);
    expect(await store.outcomesOf([commandId])).toEqual([outcome]);
  });

  it('rolls back events, views and offsets together when a transaction fails', async () => {
    const { store } = await open();
    const id = randomUUID();
    await expect(
      store.transaction(async (tx) => {
        await tx.insertEvent(pipelineEvent({ type: 'received', consultationId: id }), plain);
        await tx.putViews([row(id)]);
        await tx.saveOffset({ consumer: 'g', topic: 't', partition: 0, nextOffset: '5' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.timeline(id)).toEqual([]);
    expect(await store.view(id)).toBeUndefined();
    expect(await store.offsets('g')).toEqual([]);
  });

  it('keeps offsets per consumer and partition, 64-bit, and never moves them back', async () => {
    const { store } = await open();
    const save = (partition: number, nextOffset: string, consumer = 'g') =>
      store.transaction((tx) => tx.saveOffset({ consumer, topic: 't', partition, nextOffset }));
    await save(0, '10');
    await save(1, '9007199254740993');
    await save(0, '7');
    await save(0, '12', 'other');
    expect(await store.offsets('g')).toEqual([
      { consumer: 'g', topic: 't', partition: 0, nextOffset: '10' },
      { consumer: 'g', topic: 't', partition: 1, nextOffset: '9007199254740993' },
    ]);
  });

  it('filters, orders (most recent first, then id) and pages views', async () => {
    const { store } = await open();
    await put(
      store,
      row('b-2', { state: 'delivered', practiceOds: 'P1', pharmacyOds: 'F1', service: 's', seenMs: T0, lastEventMs: T0 + 5 }),
      row('a-1', { state: 'retrying', practiceOds: 'P1', pharmacyOds: 'F2', service: 's', seenMs: T0 + 10, lastEventMs: T0 + 5 }),
      row('c-3', { state: 'delivered', practiceOds: 'P2', pharmacyOds: 'F1', seenMs: T0 + 20, lastEventMs: T0 + 9 }),
    );
    const ids = async (query: Parameters<typeof store.views>[0], offset = 0, limit = 10) => (await store.views(query, { offset, limit })).map((v) => v.id);
    expect(await ids({})).toEqual(['c-3', 'a-1', 'b-2']);
    expect(await ids({}, 1, 1)).toEqual(['a-1']);
    expect(await ids({ states: ['delivered'] })).toEqual(['c-3', 'b-2']);
    expect(await ids({ practiceOds: 'P1', pharmacyOds: 'F1' })).toEqual(['b-2']);
    expect(await ids({ service: 's', fromMs: T0 + 10 })).toEqual(['a-1']);
    expect(await ids({ toMs: T0 + 10 })).toEqual(['b-2']);
    expect(await ids({ idPrefix: 'a-' })).toEqual(['a-1']);
    // Operator input is a literal prefix, never a LIKE pattern.
    expect(await ids({ idPrefix: '%' })).toEqual([]);
    expect(await ids({ idPrefix: '_-' })).toEqual([]);
    expect(await ids({ pharmacyOds: '', states: [] })).toHaveLength(3);
    expect(await store.countViews({ states: ['delivered', 'retrying'], practiceOds: 'P1' })).toBe(2);
    expect(await store.countViews({ states: ['parked'] })).toBe(0);
  });

  it('replaces a view on upsert and counts states', async () => {
    const { store } = await open();
    await put(store, row('x', { state: 'sent' }), row('y', { state: 'sent' }));
    await put(store, row('x', { state: 'delivered', view: { id: 'x', note: 'updated' } }));
    expect(Object.fromEntries(await store.stateCounts())).toEqual({ sent: 1, delivered: 1 });
    expect(await store.view('x')).toEqual({ id: 'x', note: 'updated' });
    expect(await store.view('nope')).toBeUndefined();
  });

  it('tallies practices by state with the latest delivery as written', async () => {
    const { store } = await open();
    await put(
      store,
      row('1', { practiceOds: 'P1', state: 'delivered', deliveredMs: T0 + 1000, deliveredAt: at(1) }),
      row('2', { practiceOds: 'P1', state: 'delivered', deliveredMs: T0 + 3000, deliveredAt: at(3) }),
      row('3', { practiceOds: 'P1', state: 'retrying' }),
      row('4', { state: 'received' }),
    );
    const tallies = (await store.practiceTallies()).sort((a, b) => a.state.localeCompare(b.state));
    expect(tallies).toEqual([
      { practiceOds: 'P1', state: 'delivered', count: 2, lastDeliveredAt: at(3) },
      { practiceOds: 'P1', state: 'retrying', count: 1 },
    ]);
  });

  it('selects views received or delivered within a window', async () => {
    const { store } = await open();
    await put(
      store,
      row('early', { receivedMs: T0 - 1 }),
      row('received', { receivedMs: T0 }),
      row('delivered', { receivedMs: T0 - 5000, deliveredMs: T0 + 59_999 }),
      row('late', { receivedMs: T0 + 60_000 }),
    );
    const ids = (await store.viewsActiveBetween(T0, T0 + 60_000)).map((v) => v.id).sort();
    expect(ids).toEqual(['delivered', 'received']);
  });

  it('files practice signals, audit events (newest first, limited) and command outcomes', async () => {
    const { store } = await open();
    const commandId = randomUUID();
    const held = pipelineEvent({ type: 'practice-held', practiceOds: 'P1' }, 1);
    const revealed = pipelineEvent({ type: 'revealed', consultationId: randomUUID(), source: 'dashboard' }, 2);
    const outcome = pipelineEvent({ type: 'resend-requested', consultationId: randomUUID(), details: { commandId } }, 3);
    await store.transaction(async (tx) => {
      await tx.insertEvent(held, { practiceSignal: true, audit: true });
      await tx.insertEvent(revealed, { practiceSignal: false, audit: true });
      await tx.insertEvent(outcome, { practiceSignal: false, audit: true, commandId });
      await tx.insertEvent(pipelineEvent({ type: 'sent' }), plain);
    });
    expect(await store.practiceSignals()).toEqual([held]);
    expect(await store.auditEvents(10)).toEqual([outcome, revealed, held]);
    expect(await store.auditEvents(1)).toEqual([outcome]);
    expect(await store.outcomesOf([commandId, randomUUID()])).toEqual([outcome]);
    expect(await store.outcomesOf([])).toEqual([]);
  });

  it('stores a command once and lists the newest first', async () => {
    const { store } = await open();
    const command = (seconds: number): OpsCommand => ({
      type: 'hold-practice',
      commandId: randomUUID(),
      requestedAt: at(seconds),
      requestedBy: 'operator',
      reason: 'migration',
      practiceOds: 'P1',
    });
    const [older, newer] = [command(1), command(2)];
    expect(await store.transaction((tx) => tx.insertCommand(older))).toBe(true);
    expect(await store.transaction((tx) => tx.insertCommand({ ...older }))).toBe(false);
    await store.transaction((tx) => tx.insertCommand(newer));
    expect(await store.commands(10)).toEqual([newer, older]);
    expect(await store.commands(1)).toEqual([newer]);
  });

  it('prunes whole consultations whose latest event is older than the cutoff, a few at a time', async () => {
    const { store } = await open();
    const [oldA, oldB, mixed, recent] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const held = pipelineEvent({ type: 'practice-held', practiceOds: 'P1' }, -100);
    const mixedEvents = [pipelineEvent({ type: 'received', consultationId: mixed }, -100), pipelineEvent({ type: 'sent', consultationId: mixed }, 100)];
    await store.transaction(async (tx) => {
      for (const id of [oldA, oldB]) {
        await tx.insertEvent(pipelineEvent({ type: 'received', consultationId: id }, -200), plain);
        await tx.insertEvent(pipelineEvent({ type: 'sent', consultationId: id }, -150), plain);
        await tx.putViews([row(id, { lastEventMs: T0 - 150_000 })]);
      }
      for (const e of mixedEvents) await tx.insertEvent(e, plain);
      await tx.insertEvent(pipelineEvent({ type: 'received', consultationId: recent }, 10), plain);
      await tx.insertEvent(held, { practiceSignal: true, audit: true });
    });
    // At most `limit` at a time: the caller repeats until fewer come back.
    expect(await store.prune(T0, 1)).toBe(1);
    expect(await store.prune(T0, 1)).toBe(1);
    expect(await store.prune(T0, 1)).toBe(0);
    for (const id of [oldA, oldB]) {
      expect(await store.timeline(id)).toEqual([]);
      expect(await store.view(id)).toBeUndefined();
    }
    // A consultation still active keeps its old events too; events of no consultation are never pruned.
    expect((await store.timeline(mixed)).map((e) => e.eventId).sort()).toEqual(mixedEvents.map((e) => e.eventId).sort());
    expect(await store.timeline(recent)).toHaveLength(1);
    expect(await store.practiceSignals()).toEqual([held]);
  });

  it('serialises concurrent writers of one consultation: the view always counts every committed event', async () => {
    const { store } = await open();
    const id = randomUUID();
    const writers = Array.from({ length: 12 }, (_, i) =>
      store.transaction(async (tx) => {
        await tx.lockConsultations([id]);
        await tx.insertEvent(pipelineEvent({ type: 'sent', consultationId: id }, i), plain);
        const timeline = (await tx.timelines([id])).get(id) ?? [];
        await tx.putViews([row(id, { view: { id, note: 'v', eventCount: timeline.length } })]);
      }),
    );
    await Promise.all(writers);
    expect(defined(await store.view(id), 'the view').eventCount).toBe(12);
  });

  it('serialises writers of overlapping batches, whatever order each names them in, without deadlock', async () => {
    const { store } = await open();
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    const writers = Array.from({ length: 9 }, (_, i) => {
      // Each writer names the consultations in its own order (rotated, some reversed).
      const mine = [...ids.slice(i % 3), ...ids.slice(0, i % 3)];
      if (i % 2 === 1) mine.reverse();
      return store.transaction(async (tx) => {
        await tx.lockConsultations([...mine, mine[0] ?? '']);
        const added = await tx.insertEvents(mine.map((id) => ({ event: pipelineEvent({ type: 'sent', consultationId: id }, i), tags: plain })));
        expect(added).toHaveLength(3);
        const timelines = await tx.timelines(mine);
        await tx.putViews(mine.map((id) => row(id, { view: { id, note: 'v', eventCount: timelines.get(id)?.length ?? 0 } })));
      });
    });
    await Promise.all(writers);
    for (const id of ids) expect(defined(await store.view(id), 'the view').eventCount).toBe(9);
    const none = randomUUID();
    const timelines = await store.transaction((tx) => tx.timelines([ids[0] ?? '', none]));
    expect(timelines.get(ids[0] ?? '')).toHaveLength(9);
    expect(timelines.get(none)).toEqual([]);
  });
}
