import { randomBytes } from 'node:crypto';
import { type DeliveryResult, type Outcome, type OutcomeFactRecord, outcomeFactRecordSchema, type PharmacyFirstPathway } from '@firstsync/contracts';

/** A Pharmacy First antibiotic VMP (amoxicillin) and a medicine that is none (Rigevidon, an AMP of the contracts' fixtures). */
export const AMOXICILLIN_VMP = '39732311000001104';
export const OTHER_MEDICINE = '17346711000001106';
const TABLET_UNIT = '428673006';

export interface FactSpec {
  practiceOds: string;
  pharmacyOds: string;
  /** YYYY-MM-DD */
  date: string;
  pathway?: PharmacyFirstPathway | null;
  outcome?: Outcome;
  antibiotic?: boolean;
  result?: DeliveryResult;
  /** How many identical consultations. */
  count: number;
}

const DELIVERY: Record<DeliveryResult, { route: 'itk3-mesh' | 'fhir-rest' | 'nhsmail' | null; code: string | null }> = {
  filed: { route: 'fhir-rest', code: '201' },
  'fallback-email': { route: 'nhsmail', code: '20010' },
  'switched-off': { route: null, code: '20010' },
  rejected: { route: 'itk3-mesh', code: '30003' },
  failed: { route: null, code: '422' },
  'not-shared': { route: null, code: null },
  pending: { route: null, code: null },
};

/** Schema-valid fact records (a consultation part and a delivery part each) for hand-counted expectations. */
export function factRecords(spec: FactSpec): OutcomeFactRecord[] {
  const records: OutcomeFactRecord[] = [];
  const pathway = spec.pathway === undefined ? 'acute-otitis-media' : spec.pathway;
  const outcome = spec.outcome ?? 'medicine-supplied';
  const result = spec.result ?? 'filed';
  for (let i = 0; i < spec.count; i += 1) {
    const factKey = randomBytes(32).toString('hex');
    records.push(
      outcomeFactRecordSchema.parse({
        part: 'consultation',
        factKey,
        version: 1,
        service: 'pharmacy-first',
        pharmacyFirstElement: pathway === null ? 'minor-illness' : 'clinical-pathway',
        pathway,
        outcome,
        referralSource: 'walk-in',
        medicines:
          outcome === 'medicine-supplied'
            ? [
                {
                  dmdCode: spec.antibiotic === false ? OTHER_MEDICINE : AMOXICILLIN_VMP,
                  quantity: { value: 21, unitCode: TABLET_UNIT },
                  supplyType: 'patient-group-direction',
                  antibiotic: spec.antibiotic !== false,
                },
              ]
            : [],
        ageBand: '25-39',
        sex: 'female',
        pharmacyOds: spec.pharmacyOds,
        practiceOds: spec.practiceOds,
        consultationDate: spec.date,
        sharedWithGp: result !== 'not-shared',
      }),
    );
    records.push(
      outcomeFactRecordSchema.parse({
        part: 'delivery',
        factKey,
        version: 1,
        result,
        ...DELIVERY[result],
        filedAt: result === 'filed' ? `${spec.date}T${String(8 + ((i * 7) % 10)).padStart(2, '0')}:${String((i * 13) % 60).padStart(2, '0')}:00.000Z` : null,
      }),
    );
  }
  return records;
}

const DEMO_PRACTICES = ['A81001', 'A81002', 'A81003', 'Y02345', 'B82005', 'B82006', 'M85063', 'C84017', 'J82026', 'P87651'];
const DEMO_PHARMACIES = ['FXA01', 'FXB02', 'FXC03', 'FXD04'];
const DEMO_MIX: readonly { pathway: PharmacyFirstPathway | null; outcome: Outcome; antibiotic?: boolean; weight: number }[] = [
  { pathway: 'acute-otitis-media', outcome: 'medicine-supplied', weight: 4 },
  { pathway: 'acute-otitis-media', outcome: 'advice-only', weight: 3 },
  { pathway: 'sore-throat', outcome: 'medicine-supplied', weight: 3 },
  { pathway: 'sore-throat', outcome: 'advice-only', weight: 5 },
  { pathway: 'uncomplicated-uti', outcome: 'medicine-supplied', antibiotic: false, weight: 6 },
  { pathway: 'acute-sinusitis', outcome: 'no-supply', weight: 3 },
  { pathway: 'impetigo', outcome: 'medicine-supplied', antibiotic: false, weight: 2 },
  { pathway: null, outcome: 'otc-sale', antibiotic: false, weight: 5 },
  { pathway: null, outcome: 'signposted', weight: 2 },
  { pathway: 'shingles', outcome: 'referred-to-gp', weight: 1 },
];

/**
 * A demo-like year: every fixture practice, several pharmacies, the last `months` months up to the
 * month of `today`, a mix of pathways, outcomes and delivery results (B82006 has Update Record
 * switched off). Deterministic, so a screenshot looks the same at every run.
 */
export function demoFactRecords(today: string, months = 6): OutcomeFactRecord[] {
  let seed = 17;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const records: OutcomeFactRecord[] = [];
  const [year, month] = today.split('-').map(Number) as [number, number];
  for (let back = months - 1; back >= 0; back -= 1) {
    const first = new Date(Date.UTC(year, month - 1 - back, 1));
    const lastDay = back === 0 ? Number(today.slice(8, 10)) : 28;
    DEMO_PRACTICES.forEach((practiceOds, p) => {
      for (const mix of DEMO_MIX) {
        const count = Math.floor(random() * mix.weight * (1 + (p % 3)) * 0.9);
        if (count === 0) continue;
        const day = 1 + Math.floor(random() * Math.max(1, lastDay - 1));
        const date = new Date(first.getTime() + (day - 1) * 86_400_000).toISOString().slice(0, 10);
        const roll = random();
        const result: DeliveryResult =
          practiceOds === 'B82006' ? 'switched-off' : roll < 0.75 ? 'filed' : roll < 0.85 ? 'fallback-email' : roll < 0.93 ? 'pending' : 'not-shared';
        const pharmacyOds = DEMO_PHARMACIES[(p + Math.floor(random() * 2)) % DEMO_PHARMACIES.length] ?? 'FXA01';
        records.push(
          ...factRecords({
            practiceOds,
            pharmacyOds,
            date,
            pathway: mix.pathway,
            outcome: mix.outcome,
            result,
            count,
            ...(mix.antibiotic === undefined ? {} : { antibiotic: mix.antibiotic }),
          }),
        );
      }
    });
  }
  return records;
}
