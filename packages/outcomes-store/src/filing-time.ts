import { londonDayStartMs } from '@firstsync/contracts';

/**
 * Time from consultation to filing, as the facts allow: they carry the consultation's calendar day
 * (never its time: de-identification) and `filedAt` to the minute. So the measure is minutes from
 * 00:00 Europe/London on the consultation day to `filedAt`, kept in bins (the day's start already
 * over-states the wait by the consultation's time of day; finer bins would add nothing): 15 minutes
 * for the first two days, then hours up to seven days, then one bin for anything later. The median
 * of a group is the lower edge of the bin holding its ceil(n/2)-th smallest value (the lower median).
 */

const FINE_MINUTES = 15;
const FINE_UNTIL = 48 * 60;
const COARSE_MINUTES = 60;
const COARSE_UNTIL = 7 * 24 * 60;
const FINE_BINS = FINE_UNTIL / FINE_MINUTES;
/** The last bin: everything from seven days on. */
export const FILING_OVERFLOW_BIN = FINE_BINS + (COARSE_UNTIL - FINE_UNTIL) / COARSE_MINUTES;
export const FILING_BINS = FILING_OVERFLOW_BIN + 1;

/** The first minute a bin holds. */
export function binLowerEdge(bin: number): number {
  return bin <= FINE_BINS ? bin * FINE_MINUTES : FINE_UNTIL + (bin - FINE_BINS) * COARSE_MINUTES;
}

/** Whole minutes from the consultation day's start to filing (0 if the clocks disagree and it looks earlier). */
export function minutesToFiling(consultationDate: string, filedAt: string): number {
  return Math.max(0, Math.floor((Date.parse(filedAt) - londonDayStartMs(consultationDate)) / 60_000));
}

export function filingBin(minutes: number): number {
  if (minutes < FINE_UNTIL) return Math.floor(minutes / FINE_MINUTES);
  return Math.min(FILING_OVERFLOW_BIN, FINE_BINS + Math.floor((minutes - FINE_UNTIL) / COARSE_MINUTES));
}

/** The lower edge (minutes) of the bin holding the lower median; null for no filings. */
export function medianOfBins(bins: ReadonlyMap<number, number>): number | null {
  const total = [...bins.values()].reduce((a, b) => a + b, 0);
  if (total <= 0) return null;
  const target = Math.ceil(total / 2);
  let seen = 0;
  for (const bin of [...bins.keys()].sort((a, b) => a - b)) {
    seen += bins.get(bin) ?? 0;
    if (seen >= target) return binLowerEdge(bin);
  }
  return null;
}
