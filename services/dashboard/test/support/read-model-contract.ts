import { randomUUID } from 'node:crypto';
import type { OpsCommand, PipelineEvent } from '@firstsync/contracts';
import { defined } from '@firstsync/testkit/defined';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReadModel } from '../../src/read-model/read-model';
import { at, event, journey, T0 } from './events';

/**
 * What every implementation of the dashboard's read model must do, run against the in-memory
 * model and the store-backed one. `newModel` gives a fresh, empty model each call; a slower model
 * may run fewer arrival orders in the property test (each run rebuilds a whole model).
 */
export function readModelContract(newModel: () => Promise<ReadModel>, options: { propertyRuns?: number } = {}): void {
  async function modelOf(events: readonly PipelineEvent[]): Promise<ReadModel> {
    const model = await newModel();
    for (const e of events) await model.apply(e);
    return model;
  }

  async function stateOf(events: readonly PipelineEvent[], id: string) {
    return (await (await modelOf(events)).get(id))?.view.state;
  }

  describe('read model: state derivation', () => {
    it('follows a consultation from received to delivered, with latency and attempts', async () => {
      const id = randomUUID();
      const model = await modelOf(
        journey(id, [
          ['received', 0],
          ['mapped', 1],
          ['sent', 2, { transport: 'fhir-rest', attempt: 1 }],
          ['delivered', 5, { transport: 'fhir-rest', code: '201', durationMs: 120 }],
        ]),
      );
      const detail = await model.get(id);
      expect(detail?.view).toMatchObject({
        state: 'delivered',
        receivedAt: at(0),
        deliveredAt: at(5),
        latencyMs: 5_000,
        attempts: 1,
        lastTransport: 'fhir-rest',
        lastCode: '201',
        practiceOds: 'A81001',
        pharmacyOds: 'FA123',
      });
      expect(detail?.timeline.map((e) => e.type)).toEqual(['received', 'mapped', 'sent', 'delivered']);
    });

    it.each([
      [[['received', 0]], 'received'],
      [
        [
          ['received', 0],
          ['not-shared', 1],
        ],
        'not-shared',
      ],
      [
        [
          ['received', 0],
          ['mapping-failed', 1],
        ],
        'mapping-failed',
      ],
      [
        [
          ['received', 0],
          ['mapped', 1],
          ['parked', 2],
        ],
        'parked',
      ],
      [
        [
          ['received', 0],
          ['mapped', 1],
          ['sent', 2],
        ],
        'sent',
      ],
      [
        [
          ['received', 0],
          ['mapped', 1],
          ['sent', 2],
          ['inf-ack', 3, { code: '20013' }],
        ],
        'awaiting-ack',
      ],
      [
        [
          ['received', 0],
          ['mapped', 1],
          ['sent', 2],
          ['inf-ack', 3, { code: '20013' }],
          ['bus-ack', 4, { code: '30001' }],
        ],
        'delivered',
      ],
      [
        [
          ['received', 0],
          ['mapped', 1],
          ['sent', 2],
          ['inf-ack', 3, { code: '20010' }],
        ],
        'sent',
      ],
      [
        [
          ['received', 0],
          ['mapped', 1],
          ['sent', 2],
          ['mesh-report', 3, { code: 'EPL-151' }],
        ],
        'sent',
      ],
      [
        [
          ['received', 0],
          ['mapped', 1],
          ['sent', 2],
          ['retry-scheduled', 3],
        ],
        'retrying',
      ],
      [
        [
          ['received', 0],
          ['mapped', 1],
          ['sent', 2],
          ['needs-fallback', 3],
        ],
        'needs-fallback',
      ],
      [
        [
          ['received', 0],
          ['mapped', 1],
          ['sent', 2],
          ['needs-fallback', 3],
          ['fallback-sent', 4, { transport: 'nhsmail' }],
        ],
        'fallback-sent',
      ],
      [
        [
          ['received', 0],
          ['mapped', 1],
          ['sent', 2],
          ['delivered', 3],
          ['filed', 60],
        ],
        'filed',
      ],
      [
        [
          ['received', 0],
          ['mapped', 1],
          ['sent', 2],
          ['dead-lettered', 3],
        ],
        'dead-lettered',
      ],
    ] as const)('%j -> %s', async (steps, expected) => {
      const id = randomUUID();
      expect(await stateOf(journey(id, steps as never), id)).toBe(expected);
    });

    it('orders by event time, not arrival: a late-arriving early event does not move the state back', async () => {
      const id = randomUUID();
      const [received, mapped, sent, delivered] = journey(id, [
        ['received', 0],
        ['mapped', 1],
        ['sent', 2],
        ['delivered', 3],
      ]);
      const model = await modelOf([delivered, sent].map((e) => defined(e, 'a journey event')));
      expect((await model.get(id))?.view.state).toBe('delivered');
      await model.apply(defined(received, 'received'));
      await model.apply(defined(mapped, 'mapped'));
      const detail = await model.get(id);
      expect(detail?.view.state).toBe('delivered');
      expect(detail?.view.latencyMs).toBe(3_000);
      expect(detail?.timeline.map((e) => e.type)).toEqual(['received', 'mapped', 'sent', 'delivered']);
    });

    it('breaks ties at the same instant by pipeline order of the type', async () => {
      const id = randomUUID();
      // Delivery stamps a send and its immediate outcome with the same millisecond.
      const [received, sent, dead] = journey(id, [
        ['received', 0],
        ['sent', 5],
        ['dead-lettered', 5],
      ]);
      expect(
        await stateOf(
          [dead, sent, received].map((e) => defined(e, 'a journey event')),
          id,
        ),
      ).toBe('dead-lettered');
      const other = randomUUID();
      const [r2, resend, sent2] = journey(other, [
        ['received', 0],
        ['resend-requested', 9],
        ['sent', 9],
      ]);
      expect(
        await stateOf(
          [sent2, resend, r2].map((e) => defined(e, 'a journey event')),
          other,
        ),
      ).toBe('sent');
    });

    it('ignores duplicate events (same eventId): state, counts and timeline are unchanged', async () => {
      const id = randomUUID();
      const events = journey(id, [
        ['received', 0],
        ['mapped', 1],
        ['sent', 2],
        ['retry-scheduled', 3],
      ]);
      const model = await modelOf(events);
      const before = await model.snapshot();
      for (const e of events) expect((await model.apply({ ...e })).applied).toBe(false);
      expect(await model.snapshot()).toEqual(before);
      expect((await model.counts()).total).toBe(1);
      expect((await model.get(id))?.timeline).toHaveLength(4);
    });

    it('tracks a resend: requested -> new attempt -> delivered', async () => {
      const id = randomUUID();
      const first = journey(id, [
        ['received', 0],
        ['mapped', 1],
        ['sent', 2],
        ['dead-lettered', 3],
        ['resend-requested', 100, { actor: 'operator', reason: 'fixed' }],
      ]);
      const model = await modelOf(first);
      expect((await model.get(id))?.view).toMatchObject({ state: 'dead-lettered', resendRequested: true, attempts: 1 });
      for (const e of journey(id, [
        ['sent', 101],
        ['delivered', 102],
      ]))
        await model.apply(e);
      expect((await model.get(id))?.view).toMatchObject({ state: 'delivered', resendRequested: false, attempts: 2, latencyMs: 102_000 });
    });

    it('keeps the counts equal to the states of the views as events move consultations along', async () => {
      const a = randomUUID();
      const b = randomUUID();
      const model = await modelOf([
        ...journey(a, [
          ['received', 0],
          ['mapped', 1],
        ]),
        ...journey(b, [['received', 0]]),
      ]);
      expect(await model.counts()).toMatchObject({ total: 2, mapped: 1, received: 1 });
      for (const e of journey(a, [
        ['sent', 2],
        ['dead-lettered', 3],
      ]))
        await model.apply(e);
      expect(await model.counts()).toMatchObject({ total: 2, mapped: 0, received: 1, 'dead-lettered': 1, sent: 0 });
    });
  });

  describe('read model: queries', () => {
    async function sample() {
      const ids = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()] as const;
      const events = [
        ...journey(
          ids[0],
          [
            ['received', 0],
            ['mapped', 1],
            ['sent', 2],
            ['dead-lettered', 3],
          ],
          'A81001',
          'FA001',
        ),
        ...journey(
          ids[1],
          [
            ['received', 3_600],
            ['mapped', 3_601],
            ['sent', 3_602],
            ['delivered', 3_610],
          ],
          'A81001',
          'FA002',
        ),
        ...journey(
          ids[2],
          [
            ['received', 86_400],
            ['mapped', 86_401],
            ['parked', 86_402],
          ],
          'B82002',
          'FA001',
        ),
        ...journey(
          ids[3],
          [
            ['received', 86_500],
            ['mapping-failed', 86_501],
          ],
          'B82002',
          'FA003',
        ),
        ...journey(
          ids[4],
          [
            ['received', 90_000],
            ['mapped', 90_001],
            ['sent', 90_002],
            ['retry-scheduled', 90_003],
          ],
          'C83003',
          'FA002',
        ),
      ];
      return { ids, model: await modelOf(events) };
    }

    it('filters by state, ODS codes, service, received date range and id prefix', async () => {
      const { ids, model } = await sample();
      const idsOf = async (filter: Parameters<typeof model.query>[0]) =>
        (await model.query(filter, { page: 1, pageSize: 50 })).items.map((v) => v.consultationId).sort();
      expect(await idsOf({ states: ['dead-lettered', 'parked'] })).toEqual([ids[0], ids[2]].sort());
      expect(await idsOf({ practiceOds: 'A81001' })).toEqual([ids[0], ids[1]].sort());
      expect(await idsOf({ pharmacyOds: 'FA002' })).toEqual([ids[1], ids[4]].sort());
      expect(await idsOf({ service: 'pharmacy-first' })).toHaveLength(5);
      expect(await idsOf({ service: 'contraception' })).toEqual([]);
      expect(await idsOf({ from: at(3_600), to: at(86_450) })).toEqual([ids[1], ids[2]].sort());
      expect(await idsOf({ consultationId: ids[3].slice(0, 6).toUpperCase() })).toEqual([ids[3]]);
    });

    it('pages most recently active first and clamps the page number', async () => {
      const { ids, model } = await sample();
      const page1 = await model.query({}, { page: 1, pageSize: 2 });
      expect(page1).toMatchObject({ total: 5, page: 1, pageSize: 2, pageCount: 3 });
      expect(page1.items.map((v) => v.consultationId)).toEqual([ids[4], ids[3]]);
      const page3 = await model.query({}, { page: 3, pageSize: 2 });
      expect(page3.items.map((v) => v.consultationId)).toEqual([ids[0]]);
      expect((await model.query({}, { page: 99, pageSize: 2 })).page).toBe(3);
    });

    it('derives practice health: failures, parked, hold and the circuit as reported in details', async () => {
      const { model } = await sample();
      await model.apply(event('practice-held', 200_000, { practiceOds: 'B82002', actor: 'operator', reason: 'migration' }));
      await model.apply(event('retry-scheduled', 90_003, { consultationId: randomUUID(), practiceOds: 'C83003', details: { circuit: 'open' } }));
      const health = Object.fromEntries((await model.practiceHealth()).map((p) => [p.practiceOds, p]));
      expect(health.A81001).toMatchObject({ total: 2, delivered: 1, failures: 1, deadLettered: 1, parked: 0, held: false });
      expect(health.B82002).toMatchObject({ total: 2, failures: 1, parked: 1, held: true, heldBy: 'operator', heldReason: 'migration' });
      expect(health.C83003).toMatchObject({ circuit: 'open', failures: 2 });
      await model.apply(event('practice-released', 200_100, { practiceOds: 'B82002', actor: 'operator' }));
      // Released before held in arrival order but later in time: the later one wins.
      await model.apply(event('practice-held', 199_000, { practiceOds: 'B82002' }));
      expect((await model.practiceHealth()).find((p) => p.practiceOds === 'B82002')?.held).toBe(false);
    });

    it('buckets received per minute and received->delivered latency percentiles', async () => {
      const model = await modelOf([
        ...journey(randomUUID(), [
          ['received', 0],
          ['delivered', 10],
        ]),
        ...journey(randomUUID(), [
          ['received', 20],
          ['delivered', 50],
        ]),
        ...journey(randomUUID(), [
          ['received', 65],
          ['delivered', 70],
        ]),
      ]);
      const buckets = await model.metrics(new Date(T0 + 90_000), 3);
      expect(buckets.map((b) => b.received)).toEqual([0, 2, 1]);
      expect(buckets[1]).toMatchObject({ minute: at(0), delivered: 2, p50Ms: 10_000, p95Ms: 30_000 });
      expect(buckets[2]).toMatchObject({ delivered: 1, p50Ms: 5_000, p95Ms: 5_000 });
      expect(buckets[0]?.p50Ms).toBeUndefined();
    });

    it('lists commands with the outcomes delivery reported for them, and audit events, newest first', async () => {
      const model = await newModel();
      const id = randomUUID();
      const command: OpsCommand = {
        type: 'resend',
        commandId: randomUUID(),
        requestedAt: at(10),
        requestedBy: 'operator',
        reason: 'fixed',
        consultationId: id,
      };
      expect(await model.applyCommand(command)).toBe(true);
      expect(await model.applyCommand(command)).toBe(false);
      await model.apply(event('resend-requested', 11, { consultationId: id, actor: 'operator', details: { commandId: command.commandId } }));
      await model.apply(event('revealed', 12, { consultationId: id, actor: 'operator', reason: 'phone call' }));
      await model.apply(event('sent', 13, { consultationId: id }));
      const audit = await model.audit(10);
      expect(audit.map((e) => [e.kind, e.type])).toEqual([
        ['event', 'revealed'],
        ['event', 'resend-requested'],
        ['command', 'resend'],
      ]);
      expect(audit[2]).toMatchObject({ actor: 'operator', consultationId: id, outcomes: ['resend-requested'] });
    });
  });

  describe('read model: rebuild', () => {
    async function history(): Promise<PipelineEvent[]> {
      const events: PipelineEvent[] = [];
      const practices = ['A81001', 'B82002', 'C83003'];
      for (let i = 0; i < 12; i += 1) {
        const id = randomUUID();
        const base = i * 30;
        const practice = defined(practices[i % 3], 'a practice');
        const tail: [Parameters<typeof journey>[1][number][0], number, Partial<PipelineEvent>?][] =
          i % 4 === 0
            ? [
                ['sent', base + 2],
                ['dead-lettered', base + 2],
                ['resend-requested', base + 20],
                ['sent', base + 21],
                ['delivered', base + 22],
              ]
            : i % 4 === 1
              ? [
                  ['sent', base + 2],
                  ['retry-scheduled', base + 3, { details: { circuit: i % 8 === 1 ? 'open' : 'closed' } }],
                ]
              : i % 4 === 2
                ? [['parked', base + 2]]
                : [
                    ['sent', base + 2],
                    ['inf-ack', base + 3, { code: '20013' }],
                    ['bus-ack', base + 4, { code: '30001' }],
                    ['delivered', base + 4],
                    ['filed', base + 100],
                  ];
        events.push(...journey(id, [['received', base], ['mapped', base + 1], ...tail], practice));
      }
      events.push(
        event('practice-held', 50, { practiceOds: 'B82002', actor: 'operator' }),
        event('practice-released', 90, { practiceOds: 'B82002' }),
        event('practice-held', 95, { practiceOds: 'C83003' }),
      );
      events.push(event('revealed', 70, { consultationId: defined(events[0]?.consultationId, 'the first consultation id'), actor: 'operator' }));
      return events;
    }

    it('gives deep-equal snapshots for any arrival order, with duplicates, in a new instance', async () => {
      const events = await history();
      const reference = await (await modelOf(events)).snapshot();
      expect(reference.consultations).toHaveLength(12);
      await fc.assert(
        fc.asyncProperty(
          fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
          fc.subarray(events),
          async (shuffled, duplicates) => {
            const rebuilt = await modelOf([...shuffled, ...duplicates.map((e) => ({ ...e }))]);
            expect(await rebuilt.snapshot()).toEqual(reference);
          },
        ),
        { numRuns: options.propertyRuns ?? 60 },
      );
    });

    it('gives the same snapshot when the events arrive in batches of any size (applyAll), each applied once', async () => {
      const events = await history();
      const reference = await (await modelOf(events)).snapshot();
      await fc.assert(
        fc.asyncProperty(
          fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
          fc.subarray(events),
          fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 }),
          async (shuffled, duplicates, sizes) => {
            // Duplicates land in the same batch as their original or in a later one.
            const arrivals = [...shuffled, ...duplicates.map((e) => ({ ...e }))];
            const model = await newModel();
            let applied = 0;
            for (let at = 0, i = 0; at < arrivals.length; i += 1) {
              const size = sizes[i % sizes.length] ?? 1;
              const results = await model.applyAll(arrivals.slice(at, at + size));
              expect(results).toHaveLength(Math.min(size, arrivals.length - at));
              applied += results.filter((r) => r.applied).length;
              at += size;
            }
            expect(applied).toBe(events.length);
            expect(await model.snapshot()).toEqual(reference);
          },
        ),
        { numRuns: options.propertyRuns ?? 60 },
      );
    });
  });
}
