import { describe, expect, it } from 'vitest';
import { FIXTURE_NOW, fixtures } from '../src/fixtures';
import { type ConsultationEvent, createConsultationEventSchema, eligibilityWarnings, zodIssuesToProblemErrors } from '../src/index';
import { schemaAtFixtureTime } from './support/consultation-cases';
import { edit, REMOVE } from './support/edit';

const eventSchema = createConsultationEventSchema({ now: () => FIXTURE_NOW });

function validEvent(): ConsultationEvent {
  const consultation = schemaAtFixtureTime.parse(fixtures.minorIllness);
  return {
    envelope: {
      schemaVersion: 1,
      receivedAt: '2026-03-10T16:33:02.118Z',
      pharmacyOds: 'FVR79',
      correlationId: '01HZX3J9K2Q7M8N4P5R6S7T8V9',
      warnings: eligibilityWarnings(consultation),
    },
    consultation,
  };
}

function failingPaths(input: unknown): string[] {
  return zodIssuesToProblemErrors(eventSchema.safeParse(input).error?.issues ?? []).map((e) => e.path);
}

describe('consultationEventSchema', () => {
  it('accepts an event built from a parsed consultation and survives a JSON round trip', () => {
    const event = validEvent();
    expect(eventSchema.parse(JSON.parse(JSON.stringify(event)))).toEqual(event);
  });

  it('carries warnings', () => {
    const event = edit(validEvent(), {
      'envelope.warnings': [{ code: 'referral-required', message: 'Needs a referral.', path: 'referral' }],
    });
    expect(failingPaths(event)).toEqual([]);
  });

  it.each([
    ['envelope.schemaVersion', 2],
    ['envelope.receivedAt', '2026-03-10 16:33'],
    ['envelope.pharmacyOds', 'A81001'],
    ['envelope.correlationId', ''],
    ['envelope.correlationId', 'x'.repeat(129)],
    ['envelope.warnings', REMOVE],
    ['envelope.extra', true],
    ['consultation.patient.nhsNumber', '9434765918'],
  ])('rejects %s = %j at that path', (path, value) => {
    expect(failingPaths(edit(validEvent(), { [path]: value }))).toEqual([path]);
  });

  it('rejects a malformed warning at its path', () => {
    const event = edit(validEvent(), { 'envelope.warnings': [{ code: '', message: 'm' }] });
    expect(failingPaths(event)).toEqual(['envelope.warnings.0.code']);
  });

  it('rejects unknown top-level members', () => {
    expect(failingPaths(edit(validEvent(), { key: 'x' }))).toEqual(['key']);
  });
});
