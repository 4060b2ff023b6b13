import { createHash } from 'node:crypto';
import { londonDayStartMs } from '@firstsync/contracts';
import { type OutcomeFactRecord, PGD_ANTIBIOTICS } from '@firstsync/outcomes-core';
import { prng, type SyntheticGeography } from './synthetic-reference';

/**
 * A year of synthetic outcome fact records (2025), in the order the topic would hold them: each
 * consultation part followed by its delivery parts; 1% amended later (a version 2 and its
 * delivery); 4% not shared with the GP. Mixes roughly as Pharmacy First reports them.
 */
export const YEAR = { from: '2025-01-01', to: '2026-01-01' } as const;

const PATHWAYS = ['acute-sinusitis', 'sore-throat', 'acute-otitis-media', 'infected-insect-bite', 'impetigo', 'shingles', 'uncomplicated-uti'] as const;
const PATHWAY_WEIGHTS = [0.16, 0.22, 0.1, 0.12, 0.08, 0.05, 0.27];
const ANTIBIOTICS = PGD_ANTIBIOTICS.flatMap((a) => a.vmps.slice(0, 2));
const OTHER_MEDICINES = ['17346711000001106'];
const UNITS = ['428641000', '428673006'];

function pick<T>(random: () => number, items: readonly T[], weights?: readonly number[]): T {
  if (weights) {
    let r = random();
    for (let i = 0; i < items.length; i += 1) {
      r -= weights[i] ?? 0;
      if (r <= 0) return items[i] as T;
    }
  }
  return items[Math.floor(random() * items.length)] as T;
}

const dayOf = (from: string, offset: number) => new Date(Date.parse(`${from}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);

export interface FactStreamStats {
  consultations: number;
  records: number;
}

/**
 * Yields batches of `batchSize` records (JSON text, as read from Kafka) for `consultations`
 * consultations spread evenly over the year.
 */
export function* syntheticFactBatches(
  geo: SyntheticGeography,
  consultations: number,
  batchSize: number,
  stats: FactStreamStats,
  seed = 5,
  /** Only these practices' patients (indexes into geo.practices); all when absent. */
  practiceIndexes?: readonly number[],
): Generator<string[]> {
  const random = prng(seed);
  const perDay = consultations / 365;
  let batch: string[] = [];
  const amendments: OutcomeFactRecord[][] = [];
  const emit = (record: OutcomeFactRecord) => {
    batch.push(JSON.stringify(record));
    stats.records += 1;
  };
  let made = 0;
  for (let day = 0; day < 365 && made < consultations; day += 1) {
    const date = dayOf(YEAR.from, day);
    const dayStart = londonDayStartMs(date);
    const target = Math.min(consultations, Math.round(perDay * (day + 1)));
    for (; made < target; made += 1) {
      // As random as the real HMAC keys (B-tree inserts all over the index, not at its end).
      const factKey = createHash('sha256').update(`synthetic-${seed}-${made}`).digest('hex');
      const p = practiceIndexes ? (practiceIndexes[Math.floor(random() * practiceIndexes.length)] ?? 0) : Math.floor(random() * geo.practices.length);
      const practiceOds = geo.practices[p] ?? 'A00000';
      const pharmacyOds = random() < 0.9 ? pick(random, geo.localPharmacies[p] ?? geo.pharmacies) : pick(random, geo.pharmacies);
      const s = random();
      const service = s < 0.7 ? 'pharmacy-first' : s < 0.85 ? 'blood-pressure-check' : s < 0.95 ? 'contraception' : 'urgent-medicine-supply';
      const clinical = service === 'pharmacy-first' && random() < 0.8;
      const pathway = clinical ? pick(random, PATHWAYS, PATHWAY_WEIGHTS) : null;
      const o = random();
      const outcome =
        service === 'blood-pressure-check'
          ? o < 0.8
            ? 'advice-only'
            : 'referred-to-gp'
          : o < 0.55
            ? 'medicine-supplied'
            : o < 0.7
              ? 'advice-only'
              : o < 0.78
                ? 'otc-sale'
                : o < 0.9
                  ? 'referred-to-gp'
                  : o < 0.95
                    ? 'signposted'
                    : 'urgent-escalation';
      const antibiotic = outcome === 'medicine-supplied' && pathway !== null && pathway !== 'shingles' && random() < 0.7;
      const medicines =
        outcome !== 'medicine-supplied'
          ? []
          : [
              {
                dmdCode: antibiotic ? pick(random, ANTIBIOTICS) : pick(random, OTHER_MEDICINES),
                quantity: { value: 5 + Math.floor(random() * 25), unitCode: pick(random, UNITS) },
                supplyType: 'patient-group-direction' as const,
                antibiotic,
              },
            ];
      const sharedWithGp = random() >= 0.04;
      const consultation: OutcomeFactRecord = {
        part: 'consultation',
        factKey,
        version: 1,
        service,
        pharmacyFirstElement: service === 'pharmacy-first' ? (clinical ? 'clinical-pathway' : 'minor-illness') : null,
        pathway,
        outcome,
        referralSource: random() < 0.7 ? 'walk-in' : 'nhs-111',
        medicines,
        ageBand: pick(random, ['5-11', '18-24', '25-39', '40-64', '65-74', '75+'] as const),
        sex: random() < 0.6 ? 'female' : 'male',
        pharmacyOds,
        practiceOds,
        consultationDate: date,
        sharedWithGp,
      };
      emit(consultation);
      const deliveries = (version: number): OutcomeFactRecord[] => {
        if (!sharedWithGp) return [];
        const d = random();
        const part = { part: 'delivery', factKey, version } as const;
        if (d < 0.02) return [{ ...part, result: 'pending', route: null, code: null, filedAt: null }];
        if (d < 0.05)
          return [
            { ...part, result: 'switched-off', route: null, code: '20010', filedAt: null },
            { ...part, result: 'fallback-email', route: 'nhsmail', code: '20010', filedAt: null },
          ];
        if (d < 0.07) return [{ ...part, result: 'rejected', route: 'itk3-mesh', code: '30002', filedAt: null }];
        if (d < 0.08) return [{ ...part, result: 'failed', route: null, code: 'EPL-151', filedAt: null }];
        // Filed during the working day it was made, now and then the next day.
        const minutes = 9 * 60 + Math.floor(random() * 10 * 60) + (random() < 0.1 ? 24 * 60 : 0);
        const filedAt = `${new Date(dayStart + minutes * 60_000).toISOString().slice(0, 16)}:00Z`;
        return [
          { ...part, result: 'pending', route: null, code: null, filedAt: null },
          { ...part, result: 'filed', route: random() < 0.5 ? 'itk3-mesh' : 'fhir-rest', code: '30001', filedAt },
        ];
      };
      for (const d of deliveries(1)) emit(d);
      if (random() < 0.01) amendments.push([{ ...consultation, version: 2, outcome: 'referred-to-gp' }, ...deliveries(2)]);
      if (batch.length >= batchSize) {
        // Amendments of a while ago arrive with later batches.
        for (const amendment of amendments.splice(0, Math.max(0, amendments.length - 20)).flat()) emit(amendment);
        // So far, for a consumer that stops early (--absorb-only).
        stats.consultations = made + 1;
        yield batch;
        batch = [];
      }
    }
  }
  for (const amendment of amendments.flat()) emit(amendment);
  if (batch.length > 0) yield batch;
  stats.consultations = made;
}
