import { AGE_BANDS, type AgeBand, ageInYearsOn } from '@firstsync/contracts';

/**
 * The age band (AGE_BANDS in @firstsync/contracts) of someone born on `birthDate` on `onDate`,
 * both `YYYY-MM-DD`, counted in completed years as clinicians count age. Only the band leaves
 * this function: the birth date goes no further.
 */
export function ageBandOn(birthDate: string, onDate: string): AgeBand {
  const age = Math.max(0, ageInYearsOn(birthDate, onDate));
  let band: AgeBand = AGE_BANDS[0].band;
  for (const candidate of AGE_BANDS) if (age >= candidate.from) band = candidate.band;
  return band;
}
