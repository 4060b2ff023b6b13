import { randomUUID } from 'node:crypto';
import { fixtures } from '@firstsync/contracts/fixtures';

/** The pharmacy the demo API key acts for; ingest answers 403 for any other pharmacy. */
export const BENCH_PHARMACY_ODS = 'FXA01';
export const DEMO_AUTHORIZATION = 'Bearer demo-pharmacy-key-FXA01';

/** GP practices the load is spread over (the first is the one taken down in the recovery scenario). */
export const BENCH_PRACTICES = ['A81001', 'Y02345', 'B82005', 'M85063'] as const;

/** Practices delivery serves over MESH in the benchmark (every other practice is on FHIR REST). */
export const BENCH_MESH_PRACTICES = ['A81002', 'C84017', 'J82026', 'P87651'] as const;

/**
 * The sore-throat fixture as the demo pharmacy would send it, with a fresh consultationId and the
 * patient registered at `practiceOds`. Fixture data only: fictional patients.
 */
export function consultationBody(consultationId: string = randomUUID(), practiceOds: string = BENCH_PRACTICES[0]): Record<string, unknown> {
  const base = fixtures.soreThroat;
  return {
    ...base,
    consultationId,
    pharmacy: { ...base.pharmacy, odsCode: BENCH_PHARMACY_ODS },
    patient: { ...base.patient, registeredPractice: { ...base.patient.registeredPractice, odsCode: practiceOds } },
  };
}
