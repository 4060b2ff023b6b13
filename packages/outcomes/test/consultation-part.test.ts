import { consultationPartSchema, createConsultationSchema } from '@firstsync/contracts';
import { cloneFixture, FIXTURE_NOW, type FixtureName } from '@firstsync/contracts/fixtures';
import { describe, expect, it } from 'vitest';
import { ageBandOn, consultationPartOf } from '../src/index';

const KEY = 'a'.repeat(64);
const schema = createConsultationSchema({ now: () => FIXTURE_NOW });
const consultation = (name: FixtureName, edit: (c: ReturnType<typeof cloneFixture>) => void = () => {}) => {
  const input = cloneFixture(name);
  edit(input);
  return schema.parse(input);
};

describe('consultationPartOf', () => {
  it('keeps the codes of an infected insect bite treated under PGD, and nothing else', () => {
    const part = consultationPartOf(consultation('infectedInsectBite'), KEY);
    expect(part).toEqual({
      part: 'consultation',
      factKey: KEY,
      version: 1,
      service: 'pharmacy-first',
      pharmacyFirstElement: 'clinical-pathway',
      pathway: 'infected-insect-bite',
      outcome: 'medicine-supplied',
      referralSource: 'walk-in',
      medicines: [{ dmdCode: '289411000001107', quantity: { value: 20, unitCode: '428641000' }, supplyType: 'patient-group-direction', antibiotic: true }],
      ageBand: '40-64',
      sex: 'male',
      pharmacyOds: 'FQW30',
      practiceOds: 'Y02345',
      consultationDate: '2026-03-10',
      sharedWithGp: true,
    });
    expect(consultationPartSchema.parse(part)).toEqual(part);
  });

  it('has no pathway outside Pharmacy First, and a minor illness has its element but no pathway', () => {
    expect(consultationPartOf(consultation('bpCheckNormal'), KEY)).toMatchObject({
      service: 'blood-pressure-check',
      pharmacyFirstElement: null,
      pathway: null,
    });
    expect(consultationPartOf(consultation('minorIllness'), KEY)).toMatchObject({ pharmacyFirstElement: 'minor-illness', pathway: null });
  });

  it('counts only medicines handed over, and flags no contraceptive as an antibiotic', () => {
    const declined = consultation('infectedInsectBite', (c) => {
      c.outcome = 'no-supply';
      for (const m of c.medicinesSupplied ?? []) m.status = 'declined';
    });
    expect(consultationPartOf(declined, KEY).medicines).toEqual([]);
    expect(consultationPartOf(consultation('contraceptionSupplied'), KEY).medicines.map((m) => m.antibiotic)).toEqual([false]);
    expect(consultationPartOf(consultation('uncomplicatedUti'), KEY).medicines.map((m) => m.antibiotic)).toEqual([true]);
  });

  it('records refused consent as not shared, and an amendment by its version', () => {
    expect(consultationPartOf(consultation('consentRefused'), KEY).sharedWithGp).toBe(false);
    expect(
      consultationPartOf(
        consultation('sinusitis', (c) => (c.version = 3)),
        KEY,
      ).version,
    ).toBe(3);
  });

  it('takes the consultation date as the pharmacy wrote it, and no referral as null', () => {
    const lateEvening = consultation('sinusitis', (c) => {
      c.startedAt = '2026-03-09T23:30:00-05:00';
      c.endedAt = undefined;
      c.referral = undefined;
    });
    expect(consultationPartOf(lateEvening, KEY)).toMatchObject({ consultationDate: '2026-03-09', referralSource: null });
  });
});

describe('ageBandOn', () => {
  it.each([
    ['2021-03-11', '0-4'],
    ['2021-03-10', '5-11'],
    ['2014-03-11', '5-11'],
    ['2014-03-10', '12-15'],
    ['2010-03-10', '16-17'],
    ['2008-03-10', '18-24'],
    ['2001-03-10', '25-39'],
    ['1986-03-10', '40-64'],
    ['1961-03-10', '65-74'],
    ['1951-03-10', '75+'],
    ['1900-01-01', '75+'],
    ['2026-03-10', '0-4'],
  ])('born %s is %s on 2026-03-10 (birthdays count on the day)', (birthDate, band) => {
    expect(ageBandOn(birthDate, '2026-03-10')).toBe(band);
  });
});
