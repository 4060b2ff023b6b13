import { randomUUID } from 'node:crypto';
import { type PharmacyEvent, type PipelineEvent, pharmacyEventSchema } from '@firstsync/contracts';
import { HEADER, type IncomingRecord, SCHEMA } from '@firstsync/kafka';
import { createPharmacyProjector } from '@firstsync/pharmacy-events';
import { describe, expect, it } from 'vitest';
import { projectRecords } from '../src/handlers/project-pipeline-events';

const TOPIC = 'p.pharmacy.events.v1';

function record(value: Buffer | string | null, offset = 0, headers: Record<string, string> = {}): IncomingRecord {
  return {
    topic: 'p.pipeline.events.v1',
    partition: 3,
    offset: String(offset),
    key: null,
    value: typeof value === 'string' ? Buffer.from(value) : value,
    headers,
    timestamp: 0,
  };
}

function pipelineEvent(fields: Partial<PipelineEvent> & Pick<PipelineEvent, 'type'>): PipelineEvent {
  return { eventId: randomUUID(), at: '2026-03-10T12:00:00.000Z', source: 'ingest', consultationId: randomUUID(), version: 1, pharmacyOds: 'FVR79', ...fields };
}

describe('projectRecords', () => {
  it('projects pipeline events to pharmacy events keyed by the pharmacy, with the schema header', () => {
    const received = pipelineEvent({ type: 'received', version: 2, correlationId: 'corr-1' });
    const { outputs, skipped } = projectRecords([record(JSON.stringify(received), 7, { [HEADER.correlationId]: 'corr-1' })], createPharmacyProjector(), TOPIC);
    expect(skipped).toEqual([]);
    const events = outputs.map((output) => pharmacyEventSchema.parse(JSON.parse(String(output.value))) as PharmacyEvent);
    expect(events.map((event) => event.type)).toEqual(['consultation.accepted', 'consultation.replaced']);
    expect(events[1]?.data.replacesVersion).toBe(1);
    for (const output of outputs) {
      expect(output.topic).toBe(TOPIC);
      expect(output.key).toBe('FVR79');
      expect(output.headers?.[HEADER.schema]).toBe(SCHEMA.pharmacyEvent);
      expect(output.headers?.[HEADER.consultationId]).toBe(received.consultationId);
      expect(output.headers?.[HEADER.correlationId]).toBe('corr-1');
    }
  });

  it('gives the same event ids when a batch is projected again (a replay after a crash)', () => {
    const received = record(JSON.stringify(pipelineEvent({ type: 'received' })));
    const first = projectRecords([received], createPharmacyProjector(), TOPIC).outputs.map((o) => JSON.parse(String(o.value)).eventId);
    const again = projectRecords([received], createPharmacyProjector(), TOPIC).outputs.map((o) => JSON.parse(String(o.value)).eventId);
    expect(first).toHaveLength(1);
    expect(again).toEqual(first);
  });

  it('skips unreadable records, naming where and why but never quoting them, and goes on', () => {
    const secret = 'Mrs Jane Example 9434765919';
    const after = pipelineEvent({ type: 'received' });
    const { outputs, skipped } = projectRecords(
      [record(null, 1), record(`{"note": "${secret}"`, 2), record(JSON.stringify({ type: 'received', note: secret }), 3), record(JSON.stringify(after), 4)],
      createPharmacyProjector(),
      TOPIC,
    );
    expect(skipped.map((skip) => skip.offset)).toEqual(['1', '2', '3']);
    expect(JSON.stringify(skipped)).not.toContain('Jane');
    expect(JSON.stringify(skipped)).not.toContain('9434765919');
    expect(outputs).toHaveLength(1);
  });

  it('yields nothing for events that are not about a pharmacy consultation', () => {
    const practiceHeld = pipelineEvent({
      type: 'practice-held',
      consultationId: undefined,
      pharmacyOds: undefined,
      practiceOds: 'A12345',
      source: 'dashboard',
    });
    const noPharmacy = pipelineEvent({ type: 'received', pharmacyOds: undefined });
    const mapped = pipelineEvent({ type: 'mapped', source: 'fhir-mapper' });
    const { outputs, skipped } = projectRecords(
      [record(JSON.stringify(practiceHeld)), record(JSON.stringify(noPharmacy)), record(JSON.stringify(mapped))],
      createPharmacyProjector(),
      TOPIC,
    );
    expect(skipped).toEqual([]);
    expect(outputs).toEqual([]);
  });
});
