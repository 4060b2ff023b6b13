import { describe, expect, it } from 'vitest';
import { cloneFixture, FIXTURE_NOW, fixtures } from '../src/fixtures';
import { type Consultation, consultationSchema, createConsultationSchema, zodIssuesToProblemErrors } from '../src/index';
import { schemaAtFixtureTime } from './support/consultation-cases';
import { edit, REMOVE } from './support/edit';

describe('parsed consultation (output type)', () => {
  it('applies the contract defaults', () => {
    const input = edit(fixtures.infectedInsectBite, {
      version: REMOVE,
      'patient.nhsNumberVerified': REMOVE,
      'observations.1.method': REMOVE,
      'medicinesSupplied.0.status': REMOVE,
    });
    const c: Consultation = schemaAtFixtureTime.parse(input);
    expect(c.version).toBe(1);
    expect(c.patient.nhsNumberVerified).toBe(true);
    expect(c.observations[1]).toMatchObject({ kind: 'blood-pressure', method: 'unspecified' });
    expect(c.medicinesSupplied[0]?.status).toBe('completed');
  });

  it('treats absent lists as empty', () => {
    const c = schemaAtFixtureTime.parse(edit(fixtures.shingles, { presentingComplaints: REMOVE, observations: REMOVE }));
    expect(c.presentingComplaints).toEqual([]);
    expect(c.observations).toEqual([]);
    expect(c.medicinesSupplied).toEqual([]);
  });

  it('stores the NHS number without spaces, the UUID in lower case and the postcode canonically', () => {
    const c = schemaAtFixtureTime.parse(
      edit(fixtures.soreThroat, {
        consultationId: '9B2D6A1E-3C4F-4E5A-8B6C-7D8E9F0A1B2C',
        'patient.postcode': 'ec1a1bb',
      }),
    );
    expect(c.patient.nhsNumber).toBe('9434765919');
    expect(c.consultationId).toBe('9b2d6a1e-3c4f-4e5a-8b6c-7d8e9f0a1b2c');
    expect(c.patient.postcode).toBe('EC1A 1BB');
  });

  it('keeps instants exactly as sent', () => {
    const c = schemaAtFixtureTime.parse(fixtures.soreThroat);
    expect(c.startedAt).toBe('2026-03-10T10:30:00+00:00');
  });

  it('is a fixed point: a parsed consultation parses to itself', () => {
    for (const input of Object.values(fixtures)) {
      const once = schemaAtFixtureTime.parse(input);
      expect(schemaAtFixtureTime.parse(once)).toEqual(once);
    }
  });
});

describe('injected clock', () => {
  it('judges "future" against the injected clock', () => {
    const early = createConsultationSchema({ now: () => new Date('2026-03-10T09:00:00Z') });
    const result = early.safeParse(fixtures.sinusitis); // starts 09:05, 5 minutes later: allowed
    expect(result.success).toBe(true);
    const earlier = createConsultationSchema({ now: () => new Date('2026-03-10T08:59:59Z') });
    const issues = earlier.safeParse(fixtures.sinusitis).error?.issues ?? [];
    expect(zodIssuesToProblemErrors(issues).map((e) => e.path)).toEqual(['startedAt']);
  });

  it('judges a birth date against the England calendar date, not UTC', () => {
    // 23:30Z on 9 June is 00:30 BST on 10 June in England: a baby born on 10 June is not "future".
    const schema = createConsultationSchema({ now: () => new Date('2026-06-09T23:30:00Z') });
    const input = edit(fixtures.sinusitis, {
      'patient.birthDate': '2026-06-10',
      startedAt: '2026-06-10T00:20:00+01:00',
      endedAt: REMOVE,
    });
    expect(schema.safeParse(input).success).toBe(true);
  });

  it('the default schema uses the real clock (fixtures are in the past)', () => {
    expect(consultationSchema.safeParse(fixtures.sinusitis).success).toBe(true);
    expect(FIXTURE_NOW.getTime()).toBeLessThan(Date.now());
  });
});

describe('errors', () => {
  it('reports unrelated errors together, cross-field rules included', () => {
    const input = edit(fixtures.infectedInsectBite, {
      'patient.nhsNumber': '9434765918',
      'observations.1.systolic': 60,
      outcome: 'advice-only',
      service: 'contraception',
      pharmacy: { odsCode: 'A81001', name: 'Riverside Pharmacy', phone: '0113 496 0000' },
    });
    const paths = zodIssuesToProblemErrors(schemaAtFixtureTime.safeParse(input).error?.issues ?? []).map((e) => e.path);
    expect(paths.sort()).toEqual(
      ['patient.nhsNumber', 'observations.1.systolic', 'medicinesSupplied.0.status', 'pharmacyFirst', 'pharmacy.odsCode', 'pharmacy.phone'].sort(),
    );
  });

  it('never echoes patient data in messages', () => {
    const input = cloneFixture('uncomplicatedUti');
    const pii = {
      'patient.nhsNumber': '9434765918',
      'patient.name.family': 'Raman-7',
      'patient.name.given': ['Priya3'],
      'patient.birthDate': '2001-17-08',
      'patient.postcode': 'BX99 ZZZ',
      'patient.registeredPractice.odsCode': 'HARBOUR1',
      startedAt: '10/03/2026 15:00',
    };
    const result = schemaAtFixtureTime.safeParse(edit(input, pii));
    const messages = JSON.stringify(zodIssuesToProblemErrors(result.error?.issues ?? []));
    expect(result.success).toBe(false);
    for (const value of Object.values(pii).flat()) expect(messages).not.toContain(value);
  });
});
