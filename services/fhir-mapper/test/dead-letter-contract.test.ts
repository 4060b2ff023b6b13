// What the mapper dead-letters is the MappingDeadLetter of @firstsync/contracts, which readers and
// the AsyncAPI document rely on.

import { mappingDeadLetterSchema } from '@firstsync/contracts';
import { HEADER, type IncomingRecord, resolveTopicNames } from '@firstsync/kafka';
import { describe, expect, it } from 'vitest';
import { mapConsultationRecord } from '../src/handlers/map-consultation';

const topics = resolveTopicNames('unit.');

function record(value: string | null): IncomingRecord {
  return { topic: topics.consultations, partition: 0, offset: '7', key: null, value: value === null ? null : Buffer.from(value), headers: {}, timestamp: 0 };
}

describe('mapping dead letter', () => {
  it.each([null, '{not json', JSON.stringify({ envelope: { schemaVersion: 1 }, consultation: {} })])('meets the contract (%s)', (value) => {
    const [deadLetter] = mapConsultationRecord(record(value), { topics, meshMailboxId: 'FIRSTSYNC01' }).records;
    expect(deadLetter?.topic).toBe(topics.mappingDeadLetter);
    expect(mappingDeadLetterSchema.safeParse(JSON.parse(String(deadLetter?.value))).success).toBe(true);
    expect(deadLetter?.headers?.[HEADER.failureReason]).toBeDefined();
  });
});
