// With several ingest instances, two submissions of one consultation id and version can both reach
// consultations.v1; ingest answers the second 409 (different body) or as a replay (same body). The
// mapper applies the same first-on-the-partition rule, so the refused body never reaches a GP and
// a duplicate is mapped once, while a batch delivered again after a failed send is mapped again.
import { createAcceptanceGate, createConsultationSchema } from '@firstsync/contracts';
import { FIXTURE_NOW, fixtures } from '@firstsync/contracts/fixtures';
import { type IncomingRecord, type OutgoingRecord, type RecordProducer, resolveTopicNames } from '@firstsync/kafka';
import { idleBatchContext, quietLogger } from '@firstsync/testkit';
import { describe, expect, it } from 'vitest';
import { consultationBatchHandler } from '../src/handlers/consultation-consumer';

const topics = resolveTopicNames('unit.');
const context = { topics, meshMailboxId: 'FIRSTSYNC01' };
const schema = createConsultationSchema({ now: () => FIXTURE_NOW });
let offset = 0;

function eventRecord(input: unknown, pharmacyOds?: string): IncomingRecord {
  const consultation = schema.parse(input);
  const envelope = {
    schemaVersion: 1,
    receivedAt: '2026-03-10T18:00:00Z',
    pharmacyOds: pharmacyOds ?? consultation.pharmacy.odsCode,
    correlationId: 'corr-1',
    warnings: [],
  };
  offset += 1;
  return {
    topic: topics.consultations,
    partition: 0,
    offset: String(offset),
    key: consultation.consultationId,
    value: Buffer.from(JSON.stringify({ envelope, consultation })),
    headers: {},
    timestamp: 0,
  };
}

/** A producer that keeps what it sent, and can be told to fail its next send. */
function recordingProducer(): RecordProducer & { sent: OutgoingRecord[]; failNext: boolean } {
  const producer = {
    sent: [] as OutgoingRecord[],
    failNext: false,
    async send(records: readonly OutgoingRecord[]) {
      if (producer.failNext) {
        producer.failNext = false;
        throw new Error('broker unavailable');
      }
      producer.sent.push(...records);
    },
  };
  return producer as unknown as RecordProducer & { sent: OutgoingRecord[]; failNext: boolean };
}

const gpMessagesOf = (producer: { sent: OutgoingRecord[] }) => producer.sent.filter((r) => r.topic === topics.gpMessages);

describe('the mapper applies the acceptance rule to what it reads', () => {
  const winner = fixtures.soreThroat;
  const loser = { ...fixtures.soreThroat, notes: { ...fixtures.soreThroat.notes, clinicalSummary: 'A different body for the same version' } };

  it('maps the first record of an id and version; a different body after it (ingest answered 409) is not mapped', async () => {
    const producer = recordingProducer();
    const handle = consultationBatchHandler(producer, context, quietLogger);
    await handle([eventRecord(winner), eventRecord(loser)], idleBatchContext());
    expect(gpMessagesOf(producer)).toHaveLength(1);
    expect(String(gpMessagesOf(producer)[0]?.value)).not.toContain('A different body');
    // In a later batch too.
    await handle([eventRecord(loser)], idleBatchContext());
    expect(gpMessagesOf(producer)).toHaveLength(1);
  });

  it('maps an identical duplicate once, and an amendment (a higher version) again', async () => {
    const producer = recordingProducer();
    const handle = consultationBatchHandler(producer, context, quietLogger);
    await handle([eventRecord(winner), eventRecord(winner)], idleBatchContext());
    expect(gpMessagesOf(producer)).toHaveLength(1);
    await handle([eventRecord({ ...winner, version: 2 })], idleBatchContext());
    expect(gpMessagesOf(producer)).toHaveLength(2);
  });

  it('does not map a record of the same id from another pharmacy', async () => {
    const producer = recordingProducer();
    const handle = consultationBatchHandler(producer, context, quietLogger);
    await handle([eventRecord(winner), eventRecord({ ...winner, version: 2 }, 'FZZ99')], idleBatchContext());
    expect(gpMessagesOf(producer)).toHaveLength(1);
  });

  it('maps a batch again when it comes back after a failed send: nothing is remembered before it is durable', async () => {
    const producer = recordingProducer();
    const handle = consultationBatchHandler(producer, context, quietLogger, createAcceptanceGate());
    const batch = [eventRecord(winner)];
    producer.failNext = true;
    await expect(handle(batch, idleBatchContext())).rejects.toThrow('broker unavailable');
    await handle(batch, idleBatchContext());
    expect(gpMessagesOf(producer)).toHaveLength(1);
  });

  it('forgets the oldest ids beyond its capacity', () => {
    const gate = createAcceptanceGate(2);
    const candidate = { version: 1, fingerprint: 'f', pharmacyOds: 'FXA01' };
    const batch = gate.batch();
    for (const id of ['a', 'b', 'c']) expect(batch.judge(id, candidate).kind).toBe('publish');
    batch.commit();
    const next = gate.batch();
    expect(next.judge('a', candidate).kind).toBe('publish');
    expect(next.judge('c', candidate).kind).toBe('replay');
  });
});
