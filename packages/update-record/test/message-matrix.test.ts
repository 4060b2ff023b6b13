// The message matrix judged by HAPI (hapi-conformance.int.test.ts) really covers every shape the builder
// supports: if a contract change made a shape vanish from it, the outside judge would silently see less.
import { bloodPressureMethods, outcomes, pharmacyFirstPathways, referralSources, services, supplyTypes } from '@firstsync/contracts';
import { describe, expect, it } from 'vitest';
import { buildUpdateRecordMessage, validateUpdateRecordMessage } from '../src/index';
import { GOLDEN_OPTIONS } from './support/golden-cases';
import { buildMessageMatrix, SERVICE_SHAPES } from './support/message-matrix';

const matrix = buildMessageMatrix();
const consultations = matrix.map((c) => c.consultation);
const observations = consultations.flatMap((c) => c.observations);
const medicines = consultations.flatMap((c) => c.medicinesSupplied);

describe('message matrix coverage', () => {
  it('has every service x Pharmacy First element/pathway x outcome', () => {
    const combos = new Set(consultations.map((c) => `${c.service}/${c.pharmacyFirst?.element ?? '-'}/${c.pharmacyFirst?.pathway ?? '-'}/${c.outcome}`));
    expect(new Set(consultations.map((c) => c.service))).toEqual(new Set(services));
    expect(new Set(consultations.flatMap((c) => c.pharmacyFirst?.pathway ?? []))).toEqual(new Set(pharmacyFirstPathways));
    expect(SERVICE_SHAPES).toHaveLength(pharmacyFirstPathways.length + 1 + services.length - 1);
    for (const outcome of outcomes) {
      expect(consultations.filter((c) => c.outcome === outcome).length).toBeGreaterThanOrEqual(SERVICE_SHAPES.length);
    }
    expect(combos.size).toBeGreaterThanOrEqual(SERVICE_SHAPES.length * outcomes.length);
  });

  it('has every observation branch', () => {
    const kinds = new Set(observations.map((o) => o.kind));
    expect(kinds).toEqual(new Set(['blood-pressure', 'heart-rate', 'temperature', 'height', 'weight', 'bmi', 'pregnancy-status', 'coded-finding']));
    const bp = new Set(observations.flatMap((o) => (o.kind === 'blood-pressure' ? [o.method] : [])));
    expect(bp).toEqual(new Set(bloodPressureMethods));
    const flags = observations.flatMap((o) =>
      o.kind === 'heart-rate' ? [`irregular:${o.irregular}`] : o.kind === 'height' || o.kind === 'weight' ? [`${o.kind}-self:${o.selfReported === true}`] : [],
    );
    expect(new Set(flags)).toEqual(
      new Set(['irregular:true', 'irregular:false', 'irregular:undefined', 'height-self:true', 'height-self:false', 'weight-self:true', 'weight-self:false']),
    );
    expect(new Set(observations.flatMap((o) => (o.kind === 'pregnancy-status' ? [o.value] : [])))).toEqual(new Set(['pregnant', 'not-pregnant']));
    expect(observations.some((o) => o.effectiveAt !== undefined)).toBe(true);
  });

  it('has every medicine supply type x status, with and without days supply, and none at all', () => {
    const shapes = new Set(medicines.map((m) => `${m.supplyType}/${m.status}/${m.daysSupply !== undefined}`));
    for (const supplyType of supplyTypes) {
      for (const status of ['completed', 'declined']) {
        for (const withDays of [true, false]) expect(shapes).toContain(`${supplyType}/${status}/${withDays}`);
      }
    }
    expect(consultations.some((c) => c.medicinesSupplied.length === 0)).toBe(true);
  });

  it('has every referral shape, both clinician roles, replacements and unverified NHS numbers', () => {
    const referrals = new Set(consultations.map((c) => (c.referral === undefined ? 'none' : `${c.referral.source}/${c.referral.reference !== undefined}`)));
    expect(referrals).toContain('none');
    for (const source of referralSources) for (const withRef of [true, false]) expect(referrals).toContain(`${source}/${withRef}`);
    expect(new Set(consultations.map((c) => c.clinician.role))).toEqual(new Set(['pharmacist', 'pharmacy-technician']));
    expect(consultations.some((c) => c.version > 1)).toBe(true);
    expect(consultations.some((c) => c.patient.nhsNumberVerified === false)).toBe(true);
  });

  it('every case builds a message our own validator passes (HAPI judges the same messages)', () => {
    for (const c of matrix) {
      const built = buildUpdateRecordMessage(c.consultation, GOLDEN_OPTIONS);
      const errors = validateUpdateRecordMessage(JSON.parse(JSON.stringify(built.bundle))).issues.filter((i) => i.severity === 'error');
      expect(errors, c.name).toEqual([]);
    }
  });
});
