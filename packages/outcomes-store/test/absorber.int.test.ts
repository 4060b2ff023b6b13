import { createRecordProducer, type RecordProducer, topicOffsets } from '@firstsync/kafka';
import { factRecordKey, type OutcomeFactRecord } from '@firstsync/outcomes-core';
import { isolatedTopics, quietLogger, testKafka } from '@firstsync/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutcomesAbsorber, type OutcomesStore, openOutcomesStore } from '../src/index';
import { F, FIXTURE_RECORDS, key, SEP_OCT } from './fixture-facts';
import { fixtureReference } from './outcomes-store-contract';

const recordOf = (topic: string, fact: OutcomeFactRecord) => ({ topic, key: factRecordKey(fact), value: JSON.stringify(fact) });

describe('outcomes absorber against the real broker', () => {
  let topic: string;
  let producer: RecordProducer;
  let store: OutcomesStore;
  /** Records handed to the store, to tell a resumed absorber from one reading everything again. */
  let absorbed = 0;

  beforeAll(async () => {
    topic = (await isolatedTopics('outcomes-absorber')).topics.outcomesFacts;
    producer = createRecordProducer(testKafka('outcomes-absorber-test'), quietLogger);
    await producer.connect();
    const inner = await openOutcomesStore({ url: 'pglite:' });
    store = {
      ...inner,
      absorb: (records, positions) => {
        absorbed += records.length;
        return inner.absorb(records, positions);
      },
    };
    await store.loadReference(await fixtureReference(), { source: 'fixture', loadedAt: '2024-12-01T09:00:00Z', asOf: '2024-12-01' });
  });

  afterAll(async () => {
    await producer?.disconnect();
    await store?.close();
  });

  it('absorbs the facts, skips what is not a fact, and resumes from its stored offsets', async () => {
    await producer.send([
      ...FIXTURE_RECORDS.map((fact) => recordOf(topic, fact)),
      // Not facts: an identifier smuggled beside a fact's fields (the schema is strict), and not JSON.
      { topic, key: 'x', value: JSON.stringify({ ...F.F1, factKey: key(20), nhsNumber: '9434765919' }) },
      { topic, key: 'y', value: 'not json' },
    ]);
    const first = await createOutcomesAbsorber({ kafka: testKafka('outcomes-absorber-1'), logger: quietLogger, store, topic });
    await first.catchUp(60_000);
    await first.stop();
    const figures = await store.figures({ level: 'national' }, SEP_OCT);
    expect(figures.totals).toEqual({ consultations: 8, previous: 1 });
    expect(figures.deliveryMix.find((d) => d.result === 'filed')?.count).toBe(4);
    expect(absorbed).toBe(FIXTURE_RECORDS.length);

    // Stored offsets are the topic's ends: a second absorber reads only what came after.
    const ends = (await topicOffsets(testKafka('outcomes-absorber-admin'), topic)).filter((p) => BigInt(p.high) > 0n);
    const stored = await store.offsets('outcomes-store');
    expect(stored.map((p) => [p.partition, p.nextOffset]).sort()).toEqual(ends.map((p) => [p.partition, p.high]).sort());

    const f11 = { ...F.F2, factKey: key(11), consultationDate: '2024-10-09', practiceOds: 'M85063' } as const;
    await producer.send([recordOf(topic, f11)]);
    const second = await createOutcomesAbsorber({ kafka: testKafka('outcomes-absorber-2'), logger: quietLogger, store, topic });
    await second.catchUp(60_000);
    await second.stop();
    expect(absorbed).toBe(FIXTURE_RECORDS.length + 1);
    const after = await store.figures({ level: 'icb', code: 'QZB' }, SEP_OCT);
    expect(after.totals).toEqual({ consultations: 2, previous: 0 });
    expect((await store.figures({ level: 'national' }, SEP_OCT)).totals).toEqual({ consultations: 9, previous: 1 });
  });
});
