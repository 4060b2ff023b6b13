import { consultationEventSchema, consultationFingerprint } from '@firstsync/contracts';
import type { IncomingRecord } from '@firstsync/kafka';
import { isolatedTopics, readTopic } from '@firstsync/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, consultationOf, json, postConsultation, type RunningIngest, startIngest } from './support/ingest-harness';

interface Seen {
  readonly key: string | null;
  readonly fingerprint: string;
  readonly summary: string | undefined;
  readonly version: number;
}

// Two ingest instances on one topic namespace, as two replicas behind a load balancer: each has its
// own idempotency store, and only consultations.v1 is shared.
describe('ingest replicas: cross-instance idempotency (real Kafka)', () => {
  let a: RunningIngest;
  let b: RunningIngest;
  let consultations: Awaited<ReturnType<typeof readTopic<Seen>>>;

  beforeAll(async () => {
    const topics = await isolatedTopics('ingest-replicas');
    [a, b] = await Promise.all([startIngest({ label: 'ingest-replica-a', topics }), startIngest({ label: 'ingest-replica-b', topics })]);
    consultations = await readTopic<Seen>(topics.topics.consultations, (record: IncomingRecord) => {
      const { consultation } = consultationEventSchema.parse(JSON.parse(String(record.value)));
      return {
        key: record.key,
        fingerprint: consultationFingerprint(consultation),
        summary: consultation.notes?.clinicalSummary,
        version: consultation.version,
      };
    });
  });
  afterAll(async () => {
    await consultations?.close();
    await Promise.all([a?.stop(), b?.stop()]);
  });

  const recordsOf = (id: string) => consultations.values.filter((r) => r.key === id);
  /** Version 1 records of `id`, all of them: records of one key keep their order, so once an amendment sent afterwards is read, every earlier one was. */
  async function version1Records(body: { consultationId?: string }): Promise<Seen[]> {
    const id = String(body.consultationId);
    expect((await postConsultation(a.app, { ...body, version: 2 })).statusCode).toBe(202);
    await consultations.waitFor(() => recordsOf(id).some((r) => r.version === 2), 30_000);
    return recordsOf(id).filter((r) => r.version === 1);
  }
  const PAIRS = 8;

  it('two identical POSTs at two instances at once: both 202 with one answer, exactly one first-hand, one content on the topic', async () => {
    const bodies = Array.from({ length: PAIRS }, () => consultationOf());
    const answers = await Promise.all(bodies.map((body) => Promise.all([postConsultation(a.app, body), postConsultation(b.app, body)])));
    let publishedTwice = 0;
    for (const [index, [fromA, fromB]] of answers.entries()) {
      const body = bodies[index];
      if (!body) throw new Error('no body');
      expect([fromA.statusCode, fromB.statusCode]).toEqual([202, 202]);
      expect(json(fromA)).toEqual(json(fromB));
      expect([fromA.headers['idempotent-replayed'], fromB.headers['idempotent-replayed']].filter((h) => h === 'true')).toHaveLength(1);
      const published = await version1Records(body);
      expect(new Set(published.map((r) => r.fingerprint)).size).toBe(1);
      if (published.length > 1) publishedTwice += 1;
    }
    // The race this guards against did happen (both instances published before either read the other's record).
    expect(publishedTwice).toBeGreaterThan(0);
  });

  it('the same id and version with different bodies at two instances at once: one 202, one 409, and the 202 is the first on the partition', async () => {
    const bodies = Array.from({ length: PAIRS }, () => consultationOf());
    const changedOf = (body: (typeof bodies)[number]) => ({ ...body, notes: { ...body.notes, clinicalSummary: 'A different summary.' } });
    const answers = await Promise.all(bodies.map((body) => Promise.all([postConsultation(a.app, body), postConsultation(b.app, changedOf(body))])));
    for (const [index, [fromA, fromB]] of answers.entries()) {
      const body = bodies[index];
      if (!body) throw new Error('no body');
      const id = String(body.consultationId);
      expect([fromA.statusCode, fromB.statusCode].sort()).toEqual([202, 409]);
      const winner = fromA.statusCode === 202 ? body : changedOf(body);
      const loser = fromA.statusCode === 202 ? changedOf(body) : body;
      await consultations.waitFor(() => recordsOf(id).length > 0, 30_000);
      expect(recordsOf(id)[0]?.summary).toBe(winner.notes?.clinicalSummary);
      expect(winner.notes?.clinicalSummary).not.toBe(loser.notes?.clinicalSummary);
      // Afterwards every instance answers alike: the winner is a replay, the loser a conflict.
      for (const instance of [a, b]) {
        const replay = await postConsultation(instance.app, winner);
        expect(replay.statusCode).toBe(202);
        expect(replay.headers['idempotent-replayed']).toBe('true');
        expect((await postConsultation(instance.app, loser)).statusCode).toBe(409);
      }
    }
  });

  it('the status endpoint answers the same from both instances', async () => {
    const body = consultationOf();
    const id = String(body.consultationId);
    expect((await postConsultation(a.app, body)).statusCode).toBe(202);
    const statusFrom = async (instance: RunningIngest) => {
      for (let attempt = 0; attempt < 100; attempt += 1) {
        const response = await instance.app.inject({ method: 'GET', url: `/v1/consultations/${id}`, headers: auth() });
        if (response.statusCode === 200) return json(response);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`no status for ${id}`);
    };
    // Each instance reads pipeline.events.v1 itself, so the other one's timeline follows within
    // moments of the acceptance: they must converge on the same answer, not differ for good.
    const deadline = Date.now() + 15_000;
    let [fromA, fromB] = [await statusFrom(a), await statusFrom(b)];
    while (JSON.stringify(fromA) !== JSON.stringify(fromB) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      [fromA, fromB] = [await statusFrom(a), await statusFrom(b)];
    }
    expect(fromB).toEqual(fromA);
    expect(fromA).toMatchObject({ consultationId: id, state: 'received', timeline: [expect.objectContaining({ type: 'received' })] });
  });
});
