import { consultationEventSchema, problemSchema } from '@firstsync/contracts';
import { readTopic } from '@firstsync/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, consultationOf, json, PHARMACY_B, type RunningIngest, startIngest } from './support/ingest-harness';

/** Every list and note at its maximum length: about 75 kB as JSON. */
function largestConsultation() {
  const medicine = (i: number) => ({
    dmdCode: '289411000001107',
    name: 'n'.repeat(300),
    quantity: { value: 28, unitCode: '428641000', unit: 'capsule' },
    supplyType: 'patient-group-direction',
    dosageText: 'd'.repeat(1000),
    patientInstruction: `p${i}`.padEnd(1000, 'p'),
    status: 'completed',
  });
  const note = (c: string) => c.repeat(4000);
  return {
    ...consultationOf(),
    outcome: 'medicine-supplied',
    medicinesSupplied: Array.from({ length: 20 }, (_, i) => medicine(i)),
    notes: { clinicalSummary: note('a'), history: note('b'), redFlags: note('c'), adviceGiven: note('d'), plan: note('e'), signposting: note('f') },
  };
}

interface BatchResult {
  results: { index: number; status: number; replayed?: boolean; body: Record<string, unknown> }[];
}

describe('POST /v1/consultations/batch (real Kafka)', () => {
  let ingest: RunningIngest;
  let reader: Awaited<ReturnType<typeof readTopic<unknown>>>;

  beforeAll(async () => {
    // Batches of 100 items count once against the rate limit; the limit itself is tested elsewhere.
    ingest = await startIngest({ label: 'ingest-batch' });
    reader = await readTopic(ingest.topics.consultations);
  });
  afterAll(async () => {
    await reader?.close();
    await ingest?.stop();
  });

  const postBatch = (consultations: unknown) =>
    ingest.app.inject({ method: 'POST', url: '/v1/consultations/batch', headers: auth(), payload: { consultations } as object });

  it('handles each item on its own: a bad item does not block the others', async () => {
    const good1 = consultationOf();
    const good2 = consultationOf();
    const invalid = { ...consultationOf(), patient: { ...consultationOf().patient, nhsNumber: '9434765918' } };
    const otherPharmacy = consultationOf(PHARMACY_B.ods);
    const response = await postBatch([good1, invalid, otherPharmacy, good2, good1]);
    expect(response.statusCode).toBe(207);
    const { results } = json<BatchResult>(response);
    expect(results.map((r) => [r.index, r.status])).toEqual([
      [0, 202],
      [1, 400],
      [2, 403],
      [3, 202],
      [4, 202],
    ]);
    expect(results[0]?.body).toMatchObject({ consultationId: good1.consultationId, status: 'accepted' });
    expect(problemSchema.parse(results[1]?.body).errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'patient.nhsNumber' })]));
    // The duplicate inside the batch shares the first item's publish.
    expect(results.filter((r) => r.body.consultationId === good1.consultationId && r.replayed === true)).toHaveLength(1);

    const ids = new Set([good1.consultationId, good2.consultationId]);
    await reader.waitFor((values) => values.filter((v) => ids.has(consultationEventSchema.parse(v).consultation.consultationId)).length >= 2, 30_000);
    const published = reader.values.map((v) => consultationEventSchema.parse(v).consultation.consultationId);
    expect(published).not.toContain(invalid.consultationId);
    expect(published).not.toContain(otherPharmacy.consultationId);
  });

  it('accepts 100 items and rejects 101 as a whole', async () => {
    const hundred = Array.from({ length: 100 }, () => consultationOf());
    const ok = await postBatch(hundred);
    expect(ok.statusCode).toBe(207);
    expect(json<BatchResult>(ok).results.every((r) => r.status === 202)).toBe(true);

    const tooMany = await postBatch(Array.from({ length: 101 }, () => consultationOf()));
    expect(tooMany.statusCode).toBe(400);
    expect(problemSchema.parse(json(tooMany)).errors).toEqual([expect.objectContaining({ path: 'consultations' })]);
  });

  it('accepts 100 of the largest consultations the contract allows in one batch (7.5 MB)', async () => {
    // Far over Kafka's 1 MiB per record batch when published together: ingest must spread them.
    const ids = new Set<string>();
    const items = Array.from({ length: 100 }, () => {
      const item = largestConsultation();
      ids.add(String(item.consultationId));
      return item;
    });
    const response = await postBatch(items);
    expect(response.statusCode).toBe(207);
    expect(json<BatchResult>(response).results.filter((r) => r.status !== 202)).toEqual([]);
    const published = () => reader.values.filter((v) => ids.has(consultationEventSchema.parse(v).consultation.consultationId)).length;
    await reader.waitFor(() => published() >= 100, 45_000);
    expect(published()).toBe(100);
  });

  it('rejects a body that is not {consultations: [...]}', async () => {
    for (const payload of [[consultationOf()], { consultations: [] }, { consultations: 'x' }, { consultations: [consultationOf()], extra: 1 }]) {
      const response = await ingest.app.inject({ method: 'POST', url: '/v1/consultations/batch', headers: auth(), payload: payload as object });
      expect(response.statusCode).toBe(400);
      expect(problemSchema.safeParse(json(response)).success).toBe(true);
    }
  });
});
