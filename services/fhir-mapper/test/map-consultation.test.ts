// The mapper's per-record decision, without Kafka: what it writes for a good consultation, a
// refusal, bytes that are not JSON, an event that breaks the contract, and a build failure.

import { createConsultationSchema, type GpMessage, type PipelineEvent, pipelineEventSchema } from '@firstsync/contracts';
import { FIXTURE_NOW, fixtures } from '@firstsync/contracts/fixtures';
import { HEADER, type IncomingRecord, resolveTopicNames } from '@firstsync/kafka';
import { validateUpdateRecordMessage } from '@firstsync/update-record';
import { describe, expect, it } from 'vitest';
import { mapConsultationRecord } from '../src/handlers/map-consultation';

const topics = resolveTopicNames('unit.');
const context = { topics, meshMailboxId: 'FIRSTSYNC01' };
const schema = createConsultationSchema({ now: () => FIXTURE_NOW });

function record(value: Buffer | string | null, key: string | null = null): IncomingRecord {
  return {
    topic: topics.consultations,
    partition: 0,
    offset: '7',
    key,
    value: typeof value === 'string' ? Buffer.from(value) : value,
    headers: {},
    timestamp: 0,
  };
}

function eventRecord(input: unknown, receivedAt = '2026-03-10T18:00:00Z'): IncomingRecord {
  const consultation = schema.parse(input);
  const event = { envelope: { schemaVersion: 1, receivedAt, pharmacyOds: consultation.pharmacy.odsCode, correlationId: 'corr-1', warnings: [] }, consultation };
  return record(JSON.stringify(event), consultation.consultationId);
}

const parse = <T>(value: string | Buffer | null): T => JSON.parse(String(value)) as T;

describe('mapConsultationRecord', () => {
  it('maps a shared consultation to gp-messages.v1 keyed by the practice ODS code, plus a mapped event', () => {
    const outcome = mapConsultationRecord(eventRecord(fixtures.uncomplicatedUti), context);
    expect(outcome.kind).toBe('mapped');
    const [gp, event] = outcome.records;
    expect(gp?.topic).toBe(topics.gpMessages);
    expect(gp?.key).toBe(fixtures.uncomplicatedUti.patient.registeredPractice.odsCode);
    expect(gp?.headers?.[HEADER.correlationId]).toBe('corr-1');
    const message = parse<GpMessage>(gp?.value ?? null);
    expect(message.builtAt).toBe('2026-03-10T18:00:00Z');
    expect(validateUpdateRecordMessage(message.bundle).valid).toBe(true);
    expect(event?.topic).toBe(topics.pipelineEvents);
    const mapped = parse<PipelineEvent>(event?.value ?? null);
    expect(pipelineEventSchema.parse(mapped)).toMatchObject({ type: 'mapped', details: { bundleIdentifier: message.identifiers.bundleIdentifier } });
  });

  it('writes only a not-shared event when consent is refused', () => {
    const outcome = mapConsultationRecord(eventRecord(fixtures.consentRefused), context);
    expect(outcome.kind).toBe('not-shared');
    expect(outcome.records.map((r) => r.topic)).toEqual([topics.pipelineEvents]);
    expect(parse<PipelineEvent>(outcome.records[0]?.value ?? null).type).toBe('not-shared');
  });

  it.each([
    ['unreadable', Buffer.from([0xff, 0x00, 0x7b])],
    ['unreadable', null],
    ['invalid-event', JSON.stringify({ envelope: { schemaVersion: 1 }, consultation: {} })],
  ] as const)('dead-letters %s input with an OperationOutcome and a mapping-failed event', (reason, value) => {
    const outcome = mapConsultationRecord(record(value, 'not-a-uuid'), context);
    expect(outcome.kind).toBe('mapping-failed');
    const [deadLetter, event] = outcome.records;
    expect(deadLetter?.topic).toBe(topics.mappingDeadLetter);
    const body = parse<{ reason: string; operationOutcome: { resourceType: string; issue: { severity: string }[] } }>(deadLetter?.value ?? null);
    expect(body.reason).toBe(reason);
    expect(body.operationOutcome.resourceType).toBe('OperationOutcome');
    expect(body.operationOutcome.issue.length).toBeGreaterThan(0);
    const failed = pipelineEventSchema.parse(parse(event?.value ?? null));
    expect(failed).toMatchObject({ type: 'mapping-failed', code: reason });
    // A key that is not a UUID is never passed off as a consultationId.
    expect(failed.consultationId).toBeUndefined();
  });

  it('dead-letters an event whose receivedAt FHIR cannot express (offset beyond +14:00): the contract refuses it', () => {
    const outcome = mapConsultationRecord(eventRecord(fixtures.sinusitis, '2026-03-10T18:00:00+15:00'), context);
    expect(outcome.kind).toBe('mapping-failed');
    const failed = pipelineEventSchema.parse(parse(outcome.records[1]?.value ?? null));
    expect(failed).toMatchObject({ type: 'mapping-failed', code: 'invalid-event', consultationId: fixtures.sinusitis.consultationId });
    expect(failed.message).toMatch(/receivedAt/);
    expect(JSON.stringify(outcome.records.map((r) => (r.topic === topics.pipelineEvents ? r.value : '')))).not.toContain('Llewellyn');
  });

  it('dead-letters a build failure (options the builder refuses) naming the option, not the patient', () => {
    const outcome = mapConsultationRecord(eventRecord(fixtures.sinusitis), { ...context, meshMailboxId: ' ' });
    expect(outcome.kind).toBe('mapping-failed');
    expect(outcome.records.some((r) => r.topic === topics.gpMessages)).toBe(false);
    const failed = pipelineEventSchema.parse(parse(outcome.records[1]?.value ?? null));
    expect(failed).toMatchObject({ type: 'mapping-failed', code: 'build-error', consultationId: fixtures.sinusitis.consultationId });
    expect(failed.message).toMatch(/senderMeshMailbox/);
    expect(JSON.stringify(outcome.records.map((r) => (r.topic === topics.pipelineEvents ? r.value : '')))).not.toContain('Llewellyn');
  });
});
