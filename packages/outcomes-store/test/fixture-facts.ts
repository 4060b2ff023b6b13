import type { ConsultationPart, DeliveryPart, OutcomeFactRecord } from '@firstsync/outcomes-core';
import type { Period } from '../src/index';

/**
 * A small set of outcome fact records over the shipped reference fixture (outcomes-core
 * fixtures/): placements there are A81001 U90001/Z1A/QZA; A81002 U90001 until 2024-09-30 then
 * U90002 (Z1A/QZA); A81003 U90002/Z1A/QZA; B82005 U90003/Z1B/QZA; P87651 no PCN, Z2A/QZB;
 * X99999 is in neither file. The expected figures in the tests are worked out by hand from the
 * table below, never by running the code.
 *
 * | fact | date | practice -> pcn | pharmacy | service / pathway | outcome | medicines | delivery |
 * |---|---|---|---|---|---|---|---|
 * | F1 | 2024-09-10 | A81002 -> U90001 | FA111 | PF sore-throat | medicine-supplied | FLUCLOX 20 cap (ab) | filed 10:30Z (690 min) |
 * | F2 | 2024-10-02 | A81002 -> U90002 | FA111 | PF uncomplicated-uti | medicine-supplied | NITRO 6 cap (ab) | switched-off 20010 |
 * | F3 | 2024-10-15 | A81001 -> U90001 | FA222 | PF acute-sinusitis | v1 advice-only, v2 referred-to-gp | - | v1 filed, v2 pending then filed 16th 09:00Z (2040 min) |
 * | F4 | 2024-10-20 | A81003 -> U90002 | FA222 | PF minor illness (no pathway) | advice-only | - | not shared with the GP |
 * | F5 | 2024-10-05 | X99999 -> unmapped | FA333 | blood-pressure-check | advice-only | - | fallback-email 30002 |
 * | F6 | 2024-09-20 | P87651 -> unmapped (Z2A, QZB) | FA333 | contraception | medicine-supplied | RIGEVIDON 84 tab | rejected 30003 |
 * | F7 | 2024-08-12 | A81002 -> U90001 | FA111 | PF sore-throat | medicine-supplied | FLUCLOX 20 cap (ab) | filed |
 * | F8 | 2024-11-05 | A81001 -> U90001 | FA111 | PF sore-throat | advice-only | - | none (pending) |
 * | F9 | 2024-09-25 | B82005 -> U90003 | FA444 | PF impetigo | medicine-supplied | CREAM 10 g | filed 14:07Z (907 min), its delivery part arrives first |
 * | F10 | 2024-09-11 | A81001 -> U90001 | FA111 | PF sore-throat | medicine-supplied | FLUCLOX 10 cap + 10 cap (ab) | filed 08:00Z (540 min) |
 *
 * Minutes to filing count from 00:00 Europe/London (BST: 23:00Z the day before).
 */

export const FLUCLOX = '289411000001107';
export const NITRO = '24549911000001107';
export const RIGEVIDON = '17346711000001106';
/** A SNOMED-valid code standing for a non-antibiotic cream (hydrogen peroxide) in these tests. */
export const CREAM = '15805002';
export const CAPSULE = '428641000';
export const TABLET = '428673006';
export const GRAM = '258682000';

export const key = (n: number): string => n.toString(16).padStart(64, '0');

const base = {
  part: 'consultation',
  version: 1,
  service: 'pharmacy-first',
  pharmacyFirstElement: 'clinical-pathway',
  referralSource: 'walk-in',
  medicines: [] as ConsultationPart['medicines'],
  ageBand: '25-39',
  sex: 'female',
  sharedWithGp: true,
} as const;

type PartFields = Omit<ConsultationPart, keyof typeof base | 'factKey'> & Partial<Pick<ConsultationPart, keyof typeof base>>;

const consultation = (n: number, fields: PartFields): ConsultationPart => ({ ...base, factKey: key(n), ...fields });
const delivery = (n: number, version: number, fields: Partial<DeliveryPart>): DeliveryPart => ({
  part: 'delivery',
  factKey: key(n),
  version,
  result: 'pending',
  route: null,
  code: null,
  filedAt: null,
  ...fields,
});
const filed = (filedAt: string) => ({ result: 'filed', route: 'itk3-mesh', code: '30001', filedAt }) as const;
const ab = (dmdCode: string, value: number, unitCode: string) =>
  ({ dmdCode, quantity: { value, unitCode }, supplyType: 'patient-group-direction', antibiotic: true }) as const;
const med = (dmdCode: string, value: number, unitCode: string) =>
  ({ dmdCode, quantity: { value, unitCode }, supplyType: 'patient-group-direction', antibiotic: false }) as const;

export const F = {
  F1: consultation(1, {
    pathway: 'sore-throat',
    outcome: 'medicine-supplied',
    medicines: [ab(FLUCLOX, 20, CAPSULE)],
    pharmacyOds: 'FA111',
    practiceOds: 'A81002',
    consultationDate: '2024-09-10',
  }),
  F2: consultation(2, {
    pathway: 'uncomplicated-uti',
    outcome: 'medicine-supplied',
    medicines: [ab(NITRO, 6, CAPSULE)],
    pharmacyOds: 'FA111',
    practiceOds: 'A81002',
    consultationDate: '2024-10-02',
  }),
  F3v1: consultation(3, { pathway: 'acute-sinusitis', outcome: 'advice-only', pharmacyOds: 'FA222', practiceOds: 'A81001', consultationDate: '2024-10-15' }),
  F3v2: consultation(3, {
    version: 2,
    pathway: 'acute-sinusitis',
    outcome: 'referred-to-gp',
    pharmacyOds: 'FA222',
    practiceOds: 'A81001',
    consultationDate: '2024-10-15',
  }),
  F4: consultation(4, {
    pharmacyFirstElement: 'minor-illness',
    pathway: null,
    outcome: 'advice-only',
    pharmacyOds: 'FA222',
    practiceOds: 'A81003',
    consultationDate: '2024-10-20',
    sharedWithGp: false,
  }),
  F5: consultation(5, {
    service: 'blood-pressure-check',
    pharmacyFirstElement: null,
    pathway: null,
    outcome: 'advice-only',
    pharmacyOds: 'FA333',
    practiceOds: 'X99999',
    consultationDate: '2024-10-05',
  }),
  F6: consultation(6, {
    service: 'contraception',
    pharmacyFirstElement: null,
    pathway: null,
    outcome: 'medicine-supplied',
    medicines: [med(RIGEVIDON, 84, TABLET)],
    pharmacyOds: 'FA333',
    practiceOds: 'P87651',
    consultationDate: '2024-09-20',
  }),
  F7: consultation(7, {
    pathway: 'sore-throat',
    outcome: 'medicine-supplied',
    medicines: [ab(FLUCLOX, 20, CAPSULE)],
    pharmacyOds: 'FA111',
    practiceOds: 'A81002',
    consultationDate: '2024-08-12',
  }),
  F8: consultation(8, { pathway: 'sore-throat', outcome: 'advice-only', pharmacyOds: 'FA111', practiceOds: 'A81001', consultationDate: '2024-11-05' }),
  F9: consultation(9, {
    pathway: 'impetigo',
    outcome: 'medicine-supplied',
    medicines: [med(CREAM, 10, GRAM)],
    pharmacyOds: 'FA444',
    practiceOds: 'B82005',
    consultationDate: '2024-09-25',
  }),
  F10: consultation(10, {
    pathway: 'sore-throat',
    outcome: 'medicine-supplied',
    medicines: [ab(FLUCLOX, 10, CAPSULE), ab(FLUCLOX, 10, CAPSULE)],
    pharmacyOds: 'FA111',
    practiceOds: 'A81001',
    consultationDate: '2024-09-11',
  }),
};

/** The records in topic order (an amendment after its first delivery; F9's delivery before its consultation). */
export const FIXTURE_RECORDS: readonly OutcomeFactRecord[] = [
  delivery(9, 1, filed('2024-09-25T14:07:00Z')),
  F.F1,
  delivery(1, 1, filed('2024-09-10T10:30:00Z')),
  F.F2,
  delivery(2, 1, { result: 'switched-off', code: '20010' }),
  F.F3v1,
  delivery(3, 1, filed('2024-10-15T12:00:00Z')),
  F.F3v2,
  delivery(3, 2, { result: 'pending' }),
  delivery(3, 2, filed('2024-10-16T09:00:00Z')),
  F.F4,
  delivery(4, 1, { result: 'not-shared' }),
  F.F5,
  delivery(5, 1, { result: 'fallback-email', route: 'nhsmail', code: '30002' }),
  F.F6,
  delivery(6, 1, { result: 'rejected', route: 'itk3-mesh', code: '30003' }),
  F.F7,
  delivery(7, 1, filed('2024-08-12T15:00:00Z')),
  F.F8,
  F.F9,
  F.F10,
  delivery(10, 1, filed('2024-09-11T08:00:00Z')),
];

/**
 * Consultations beyond the table, for the PCN rows of the rollup (a week across a month end, an
 * amendment moving a consultation to another practice and PCN) and week flows at a month's edge:
 *
 * | fact | date | practice -> pcn | pharmacy | service / pathway | outcome |
 * |---|---|---|---|---|---|
 * | F11 | Mon 2024-09-30 | A81003 -> U90002 (v2: A81001 -> U90001) | FA222 | PF sore-throat | advice-only (v2 referred-to-gp) |
 * | F12 | Tue 2024-10-29 | A81001 -> U90001 | FA444 | blood-pressure-check | advice-only |
 * | F13 | Tue 2024-10-08 | A81002 -> U90002 | FA111 | blood-pressure-check | advice-only |
 * | F14 | Thu 2024-10-31 | A81003 -> U90002 | FA222 | blood-pressure-check | advice-only |
 */
const bloodPressure = { service: 'blood-pressure-check', pharmacyFirstElement: null, pathway: null, outcome: 'advice-only' } as const;
export const MORE = {
  F11: consultation(11, { pathway: 'sore-throat', outcome: 'advice-only', pharmacyOds: 'FA222', practiceOds: 'A81003', consultationDate: '2024-09-30' }),
  F11v2: consultation(11, {
    version: 2,
    pathway: 'sore-throat',
    outcome: 'referred-to-gp',
    pharmacyOds: 'FA222',
    practiceOds: 'A81001',
    consultationDate: '2024-09-30',
  }),
  F12: consultation(12, { ...bloodPressure, pharmacyOds: 'FA444', practiceOds: 'A81001', consultationDate: '2024-10-29' }),
  F13: consultation(13, { ...bloodPressure, pharmacyOds: 'FA111', practiceOds: 'A81002', consultationDate: '2024-10-08' }),
  F14: consultation(14, { ...bloodPressure, pharmacyOds: 'FA222', practiceOds: 'A81003', consultationDate: '2024-10-31' }),
};

/** September and October 2024 by month; the previous period is July and August. */
export const SEP_OCT: Period = { granularity: 'month', from: '2024-09-01', to: '2024-11-01' };
