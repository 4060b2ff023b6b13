// Every shape of message the builder can produce, as consultations: each service x Pharmacy First element/pathway
// crossed with each outcome, with every observation, medicine (supply type x status x days' supply) and referral
// shape spread over them, on top of random consultations from the contract's own arbitraries. Used by the HAPI
// conformance test (an outside judge over all of them) and checked for coverage by message-matrix.test.ts.
// The builder has no RelatedPerson (performers are always the pharmacy Practitioner), so there is no such shape.
import {
  type Consultation,
  type ConsultationInput,
  createConsultationSchema,
  type Outcome,
  outcomes,
  pharmacyFirstPathways,
  referralSources,
  supplyTypes,
} from '@firstsync/contracts';
import { ARBITRARY_LATEST_START, consultationArbitrary } from '@firstsync/contracts/arbitraries';
import { fixtures } from '@firstsync/contracts/fixtures';
import fc from 'fast-check';

type ObservationInput = NonNullable<ConsultationInput['observations']>[number];
type MedicineInput = NonNullable<ConsultationInput['medicinesSupplied']>[number];
type ReferralInput = ConsultationInput['referral'];
type ServiceShape = Pick<ConsultationInput, 'service' | 'pharmacyFirst'> & { readonly label: string };

const schema = createConsultationSchema({ now: () => ARBITRARY_LATEST_START });

export const SERVICE_SHAPES: readonly ServiceShape[] = [
  ...pharmacyFirstPathways.map((pathway) => ({
    label: `pharmacy-first-${pathway}`,
    service: 'pharmacy-first' as const,
    pharmacyFirst: { element: 'clinical-pathway' as const, pathway },
  })),
  { label: 'pharmacy-first-minor-illness', service: 'pharmacy-first', pharmacyFirst: { element: 'minor-illness' } },
  { label: 'urgent-medicine-supply', service: 'urgent-medicine-supply' },
  { label: 'blood-pressure-check', service: 'blood-pressure-check' },
  { label: 'contraception', service: 'contraception' },
];

const AT = '2026-03-01T09:00:00Z';

/** One of each observation branch the builder has (docs: contracts/mapping-table.md "Observations"). */
export const OBSERVATION_SHAPES: readonly ObservationInput[] = [
  { kind: 'blood-pressure', systolic: 128, diastolic: 82 },
  { kind: 'blood-pressure', systolic: 131, diastolic: 84, method: 'sitting' },
  { kind: 'blood-pressure', systolic: 129, diastolic: 80, method: 'standing', effectiveAt: AT },
  { kind: 'blood-pressure', systolic: 122, diastolic: 76, method: 'lying' },
  { kind: 'blood-pressure', systolic: 148, diastolic: 94, method: 'ambulatory-average', effectiveAt: AT },
  { kind: 'blood-pressure', systolic: 141, diastolic: 90, method: 'home-average', effectiveAt: AT },
  { kind: 'heart-rate', value: 72 },
  { kind: 'heart-rate', value: 96, irregular: true },
  { kind: 'heart-rate', value: 64, irregular: false, effectiveAt: AT },
  { kind: 'temperature', value: 37.8 },
  { kind: 'height', value: 171.5 },
  { kind: 'height', value: 165, selfReported: true },
  { kind: 'weight', value: 70.2 },
  { kind: 'weight', value: 82, selfReported: true },
  { kind: 'bmi', value: 24.1 },
  { kind: 'pregnancy-status', value: 'not-pregnant' },
  { kind: 'pregnancy-status', value: 'pregnant' },
  { kind: 'coded-finding', code: '271737000', display: 'Anaemia' },
];

/** Real medicines from the contract fixtures (dm+d AMPs and their units), so codes and quantities are plausible. */
const FIXTURE_MEDICINES: readonly MedicineInput[] = Object.values(fixtures).flatMap((f) => f.medicinesSupplied ?? []);

/** Supply type x status x with/without days' supply, on fixture medicines. */
export const MEDICINE_SHAPES: readonly MedicineInput[] = supplyTypes.flatMap((supplyType, i) =>
  (['completed', 'declined'] as const).flatMap((status, j) =>
    [true, false].map((withDays, k) => {
      const base = FIXTURE_MEDICINES[(i + j + k) % FIXTURE_MEDICINES.length];
      if (base === undefined) throw new Error('the contract fixtures have no medicines');
      const { daysSupply, status: _status, ...rest } = base;
      return { ...rest, supplyType, status, ...(withDays ? { daysSupply: daysSupply ?? 7 } : {}) };
    }),
  ),
);

/** No referral (walk-in without one recorded), then each source with and without a reference. */
export const REFERRAL_SHAPES: readonly { readonly referral?: ReferralInput }[] = [
  {},
  ...referralSources.flatMap((source) => [{ referral: { source } }, { referral: { source, reference: `REF-${source}-0042` } }]),
];

function pick<T>(list: readonly T[], index: number): T {
  const item = list[index % list.length];
  if (item === undefined) throw new Error('empty shape list');
  return item;
}

const FORBIDS_COMPLETED: readonly Outcome[] = ['advice-only', 'no-supply'];

/** The medicines case `i` carries, always valid for its outcome; every third case that may have none has none. */
function medicinesFor(outcome: Outcome, i: number): MedicineInput[] {
  const allowed = FORBIDS_COMPLETED.includes(outcome) ? MEDICINE_SHAPES.filter((m) => m.status === 'declined') : MEDICINE_SHAPES;
  const two = [pick(allowed, i * 2), pick(allowed, i * 2 + 1)];
  if (outcome === 'medicine-supplied') {
    const completed = MEDICINE_SHAPES.filter((m) => m.status === 'completed');
    return [pick(completed, i), ...two.slice(1)];
  }
  return i % 3 === 0 ? [] : two;
}

export interface MatrixCase {
  /** Unique, file-name safe. */
  readonly name: string;
  readonly input: ConsultationInput;
  readonly consultation: Consultation;
}

/** Random consultations from the arbitraries, in a fixed order (seeded) so failures reproduce. */
function bases(seed: number, count: number): ConsultationInput[] {
  return fc.sample(consultationArbitrary, { seed, numRuns: count });
}

/**
 * Parses the first base that, with the given overrides, the contract accepts (a random patient can be
 * implausible for the shape, e.g. pregnant at 80 once plausibility rules refuse that). Throws if none does,
 * naming the contract's reasons, so a shape the contract now refuses fails loudly instead of vanishing.
 */
function firstAccepted(name: string, candidates: readonly ConsultationInput[], override: (base: ConsultationInput) => ConsultationInput): MatrixCase {
  const reasons = new Set<string>();
  for (const base of candidates) {
    const input = override(base);
    const parsed = schema.safeParse(input);
    if (parsed.success) return { name, input, consultation: parsed.data };
    for (const issue of parsed.error.issues) reasons.add(`${issue.path.join('.')}: ${issue.message}`);
  }
  throw new Error(`no base consultation accepted for ${name}: ${[...reasons].slice(0, 12).join('; ')}`);
}

/**
 * A pregnancy shape needs a patient it is plausible for (the contract refuses a pregnant man or a
 * pregnant 80-year-old): a woman aged 30 on the consultation date.
 */
function patientFor(observations: readonly ObservationInput[], base: ConsultationInput): ConsultationInput['patient'] {
  const pregnant = observations.some((o) => o.kind === 'pregnancy-status' && o.value === 'pregnant');
  if (!pregnant) return base.patient;
  const year = Number(base.startedAt.slice(0, 4)) - 30;
  return { ...base.patient, gender: 'female', birthDate: `${year}-01-01` };
}

/** Number of plain random consultations added on top of the crossed shapes. */
export const RANDOM_CASES = 12;

export function buildMessageMatrix(): MatrixCase[] {
  const pool = bases(15_2026, 400);
  const cases: MatrixCase[] = [];
  let i = 0;
  for (const shape of SERVICE_SHAPES) {
    for (const outcome of outcomes) {
      const index = i++;
      const { label, ...service } = shape;
      const observations = [0, 1, 2].map((k) => pick(OBSERVATION_SHAPES, index * 3 + k));
      const { referral } = pick(REFERRAL_SHAPES, index);
      const candidates = [...pool.slice(index * 4), ...pool.slice(0, index * 4)];
      cases.push(
        firstAccepted(`matrix-${String(index).padStart(3, '0')}-${label}-${outcome}`, candidates, (base) => {
          const { pharmacyFirst: _pf, referral: _referral, ...rest } = base;
          return {
            ...rest,
            ...service,
            ...(referral === undefined ? {} : { referral }),
            // Alternate the header/participant branches: replacement version, role, NHS number verification.
            version: index % 4 === 1 ? 3 : 1,
            clinician: { ...base.clinician, role: index % 2 === 0 ? 'pharmacist' : 'pharmacy-technician' },
            patient: { ...patientFor(observations, base), nhsNumberVerified: index % 5 !== 2 },
            observations,
            medicinesSupplied: medicinesFor(outcome, index),
            outcome,
            consentToShareWithGp: true,
          };
        }),
      );
    }
  }
  const random = bases(2026_12, RANDOM_CASES * 10);
  for (let r = 0; r < RANDOM_CASES; r++) {
    cases.push(firstAccepted(`random-${String(r).padStart(2, '0')}`, random.slice(r * 10, r * 10 + 10), (base) => ({ ...base, consentToShareWithGp: true })));
  }
  return cases;
}
