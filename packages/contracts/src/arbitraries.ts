import fc from 'fast-check';
import { ageInYearsOn } from './age';
import { clinicianRoles } from './clinician';
import type { ConsultationInput, Outcome } from './consultation';
import { outcomes, referralSources, services } from './consultation';
import { medicineStatuses, supplyTypes } from './medicine';
import { isValidNhsNumber } from './nhs-number';
import { bloodPressureMethods, pregnancyStatuses } from './observation';
import { genders } from './patient';
import { pharmacyFirstPathways } from './pharmacy-first';
import { PREGNANCY_PLAUSIBLE_AGE } from './pregnancy-plausibility';
import { verhoeffCheckDigit } from './verhoeff';

export { acceptedTextArbitrary, refusedTextArbitrary } from './text-arbitraries';

// fast-check arbitraries that generate VALID consultations (zod input form), for property tests
// here and in the mapper. Every consultation lies between 2000-01-01 and ARBITRARY_LATEST_START,
// so it is valid against any clock later than that.

export const ARBITRARY_LATEST_START = new Date('2026-03-10T18:00:00Z');

const DIGITS = '0123456789'.split('');
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
const digit = fc.constantFrom(...DIGITS);
const upper = fc.constantFrom(...UPPER);

function digits(length: number) {
  return fc.string({ unit: digit, minLength: length, maxLength: length });
}

/** Valid NHS numbers, sometimes written with spaces (3 3 4) as pharmacy screens show them. */
export const nhsNumberArbitrary = fc
  .tuple(digits(9), fc.boolean())
  .map(([nine, spaced]) => {
    const full = DIGITS.map((d) => nine + d).find(isValidNhsNumber);
    if (full === undefined || !spaced) return full;
    return `${full.slice(0, 3)} ${full.slice(3, 6)} ${full.slice(6)}`;
  })
  .filter((n): n is string => n !== undefined);

const nonZeroDigit = fc.constantFrom(...DIGITS.slice(1));

/** SNOMED CT concept ids (snomed.ts): short format (partition 00) or long (a namespace, partition 10), with their check digit. */
export const snomedIdArbitrary = fc
  .oneof(
    fc.tuple(nonZeroDigit, fc.string({ unit: digit, minLength: 2, maxLength: 14 })).map(([first, rest]) => `${first}${rest}00`),
    fc.tuple(nonZeroDigit, fc.string({ unit: digit, minLength: 0, maxLength: 7 }), digits(7)).map(([first, rest, ns]) => `${first}${rest}${ns}10`),
  )
  .map((body) => body + verhoeffCheckDigit(body));

export const pharmacyOdsArbitrary = fc.string({ unit: fc.oneof(upper, digit), minLength: 4, maxLength: 4 }).map((rest) => `F${rest}`);

export const gpPracticeOdsArbitrary = fc.tuple(upper, digits(5)).map(([letter, rest]) => letter + rest);

const postcodeArbitrary = fc
  .tuple(
    fc.string({ unit: upper, minLength: 1, maxLength: 2 }),
    digit,
    fc.option(fc.oneof(upper, digit), { nil: '' }),
    digit,
    fc.string({ unit: upper, minLength: 2, maxLength: 2 }),
    fc.boolean(),
    fc.boolean(),
  )
  .map(([area, district, sub, sector, unit, space, lower]) => {
    const code = `${area}${district}${sub}${space ? ' ' : ''}${sector}${unit}`;
    return lower ? code.toLowerCase() : code;
  });

// Real-world name parts, with apostrophes, hyphens and inner spaces. Given names may be in any
// script; a family name is held on PDS, so it has Latin letters (the contract refuses it otherwise).
const latinNameParts = [
  'Ava',
  'Siân',
  'Zoë',
  'Oisín',
  "O'Brien",
  'Núñez',
  'Łukasz',
  'Jean-Luc',
  'Ní Bhriain',
  'Müller',
  'Øyvind',
  'Dvořák',
  'Ngọc',
  'D\u2019Souza',
  'Smith-Jones',
  'Åsa',
  'Nguyễn',
  'Łukasiewicz',
];
const namePart = fc.constantFrom(...latinNameParts, '李', 'Мария', 'Σοφία', 'محمد');
const familyNamePart = fc.constantFrom(...latinNameParts);

/** Non-blank text up to `max` characters (kept short by default so runs stay fast). */
function text(max: number) {
  return fc.string({ minLength: 1, maxLength: Math.min(max, 120) }).filter((s) => /\S/.test(s) && s.length <= max);
}

function formatInstant(ms: number, offsetMinutes: number, withMillis: boolean): string {
  const wall = new Date(ms + offsetMinutes * 60_000).toISOString();
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const zone = offsetMinutes === 0 ? 'Z' : `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${withMillis ? wall.slice(0, 23) : wall.slice(0, 19)}${zone}`;
}

const EARLIEST_START_MS = Date.parse('2000-01-01T00:00:00Z');
const DAY_MS = 86_400_000;
const EPOCH_1900_MS = Date.parse('1900-01-01T00:00:00Z');

const timing = fc
  .record({
    startMs: fc.integer({ min: EARLIEST_START_MS, max: ARBITRARY_LATEST_START.getTime() }),
    offset: fc.constantFrom(0, 60, -300, 330),
    withMillis: fc.boolean(),
    durationMs: fc.option(fc.integer({ min: 0, max: 3 * 3_600_000 }), { nil: undefined }),
    birthFraction: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ startMs, offset, withMillis, durationMs, birthFraction }) => {
    const startedAt = formatInstant(startMs, offset, withMillis);
    // Birth date between 1900-01-01 and the consultation's own wall-clock date.
    const startDayMs = Date.parse(`${startedAt.slice(0, 10)}T00:00:00Z`);
    const days = Math.floor(((startDayMs - EPOCH_1900_MS) / DAY_MS) * birthFraction);
    const birthDate = new Date(EPOCH_1900_MS + days * DAY_MS).toISOString().slice(0, 10);
    const endedAt = durationMs === undefined ? undefined : formatInstant(startMs + durationMs, offset, withMillis);
    return { startedAt, endedAt, birthDate };
  });

const effectiveAt = fc.option(
  fc.integer({ min: EARLIEST_START_MS, max: ARBITRARY_LATEST_START.getTime() }).map((ms) => formatInstant(ms, 0, false)),
  { nil: undefined },
);

function measured<K extends string>(kind: K, min: number, max: number) {
  return fc.record({ kind: fc.constant(kind), value: fc.double({ min, max, noNaN: true }), effectiveAt }, { requiredKeys: ['kind', 'value'] });
}

const bloodPressure = fc
  .record({
    diastolic: fc.integer({ min: 20, max: 299 }),
    gap: fc.integer({ min: 1, max: 280 }),
    method: fc.option(fc.constantFrom(...bloodPressureMethods), { nil: undefined }),
    at: effectiveAt,
  })
  .map(({ diastolic, gap, method, at }) => ({
    kind: 'blood-pressure' as const,
    diastolic,
    systolic: Math.min(300, diastolic + gap),
    ...(method === undefined ? {} : { method }),
    ...(at === undefined ? {} : { effectiveAt: at }),
  }));

function selfReportable<K extends string>(kind: K, min: number, max: number) {
  return fc.record({ kind: fc.constant(kind), value: fc.double({ min, max, noNaN: true }), selfReported: fc.boolean() }, { requiredKeys: ['kind', 'value'] });
}

const observation = fc.oneof(
  bloodPressure,
  fc.record(
    { kind: fc.constant('heart-rate' as const), value: fc.double({ min: 20, max: 300, noNaN: true }), irregular: fc.boolean() },
    { requiredKeys: ['kind', 'value'] },
  ),
  measured('temperature', 30, 45),
  selfReportable('height', 30, 250),
  selfReportable('weight', 1, 400),
  measured('bmi', 8, 100),
  fc.record({ kind: fc.constant('pregnancy-status' as const), value: fc.constantFrom(...pregnancyStatuses) }),
  fc.record({ kind: fc.constant('coded-finding' as const), code: snomedIdArbitrary, display: text(200) }),
);

function medicine(status: fc.Arbitrary<(typeof medicineStatuses)[number] | undefined>) {
  return fc
    .record({
      dmdCode: snomedIdArbitrary,
      name: text(300),
      quantity: fc.record({
        value: fc.double({ min: Number.MIN_VALUE, max: 10_000, noNaN: true }),
        unitCode: snomedIdArbitrary,
        unit: text(200),
      }),
      supplyType: fc.constantFrom(...supplyTypes),
      dosageText: text(1000),
      patientInstruction: text(1000),
      daysSupply: fc.option(fc.integer({ min: 1, max: 366 }), { nil: undefined }),
      status,
    })
    .map(({ daysSupply, status: s, ...rest }) => ({
      ...rest,
      ...(daysSupply === undefined ? {} : { daysSupply }),
      ...(s === undefined ? {} : { status: s }),
    }));
}

const completed = fc.constantFrom('completed' as const, undefined);
const anyStatus = fc.constantFrom(...medicineStatuses, undefined);

// The outcome decides which medicine lists are valid (contract "Rules across fields").
function medicinesFor(outcome: Outcome) {
  if (outcome === 'medicine-supplied') {
    return fc.tuple(medicine(completed), fc.array(medicine(anyStatus), { maxLength: 19 })).map(([first, rest]) => [first, ...rest]);
  }
  if (outcome === 'advice-only' || outcome === 'no-supply') {
    return fc.array(medicine(fc.constant('declined' as const)), { maxLength: 3 });
  }
  return fc.array(medicine(anyStatus), { maxLength: 5 });
}

type ArbitraryObservation = typeof observation extends fc.Arbitrary<infer O> ? O : never;

// A pregnancy the contract refuses (pregnancy-plausibility.ts) becomes 'not-pregnant', so every
// generated consultation stays valid.
function plausiblePregnancy(observations: ArbitraryObservation[], gender: string, age: number): ArbitraryObservation[] {
  const plausible = gender !== 'male' && age >= PREGNANCY_PLAUSIBLE_AGE.min && age <= PREGNANCY_PLAUSIBLE_AGE.max;
  return observations.map((o) => (o.kind === 'pregnancy-status' && o.value === 'pregnant' && !plausible ? { ...o, value: 'not-pregnant' as const } : o));
}

type ServiceAndPharmacyFirst = Pick<ConsultationInput, 'service' | 'pharmacyFirst'>;

const serviceAndPharmacyFirst = fc.constantFrom(...services).chain((service): fc.Arbitrary<ServiceAndPharmacyFirst> => {
  if (service !== 'pharmacy-first') return fc.constant({ service });
  return fc.oneof(
    fc.constant({ service, pharmacyFirst: { element: 'minor-illness' as const } }),
    fc.constantFrom(...pharmacyFirstPathways).map((pathway) => ({
      service,
      pharmacyFirst: { element: 'clinical-pathway' as const, pathway },
    })),
  );
});

const notes = fc.record(
  {
    clinicalSummary: text(4000),
    history: text(4000),
    redFlags: text(4000),
    adviceGiven: text(4000),
    plan: text(4000),
    signposting: text(4000),
  },
  { requiredKeys: ['clinicalSummary'] },
);

/** Valid consultations as a pharmacy system would send them. */
export const consultationArbitrary: fc.Arbitrary<ConsultationInput> = fc
  .record({
    consultationId: fc.uuid({ version: [4, 7] }),
    version: fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
    serviceAndPharmacyFirst,
    referral: fc.option(fc.record({ source: fc.constantFrom(...referralSources), reference: text(64) }, { requiredKeys: ['source'] }), { nil: undefined }),
    timing,
    pharmacy: fc.record({ odsCode: pharmacyOdsArbitrary, name: text(200) }),
    clinician: fc.record(
      {
        name: fc.record({ given: fc.array(text(100), { maxLength: 5 }), family: text(100) }),
        role: fc.constantFrom(...clinicianRoles),
        gphcNumber: digits(7),
      },
      { requiredKeys: ['name', 'role'] },
    ),
    patient: fc.record(
      {
        nhsNumber: nhsNumberArbitrary,
        nhsNumberVerified: fc.boolean(),
        name: fc.record({ given: fc.array(namePart, { minLength: 1, maxLength: 5 }), family: familyNamePart }),
        gender: fc.constantFrom(...genders),
        postcode: postcodeArbitrary,
        registeredPractice: fc.record({ odsCode: gpPracticeOdsArbitrary, name: text(200) }, { requiredKeys: ['odsCode'] }),
      },
      { requiredKeys: ['nhsNumber', 'name', 'gender', 'registeredPractice'] },
    ),
    presentingComplaints: fc.array(fc.record({ code: snomedIdArbitrary, display: text(200) }), { maxLength: 10 }),
    observations: fc.array(observation, { maxLength: 30 }),
    notes,
    outcomeAndMedicines: fc.constantFrom(...outcomes).chain((outcome) => medicinesFor(outcome).map((medicinesSupplied) => ({ outcome, medicinesSupplied }))),
    consentToShareWithGp: fc.boolean(),
  })
  .map(({ serviceAndPharmacyFirst: spf, timing: t, patient, outcomeAndMedicines, version, referral, observations, ...rest }) => ({
    ...rest,
    observations: plausiblePregnancy(observations, patient.gender, ageInYearsOn(t.birthDate, t.startedAt.slice(0, 10))),
    ...spf,
    ...(version === undefined ? {} : { version }),
    ...(referral === undefined ? {} : { referral }),
    startedAt: t.startedAt,
    ...(t.endedAt === undefined ? {} : { endedAt: t.endedAt }),
    patient: { ...patient, birthDate: t.birthDate },
    ...outcomeAndMedicines,
  }));
