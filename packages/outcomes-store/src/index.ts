// Public API of @firstsync/outcomes-store (issue #17). See README.md; the interface is ./port.ts.
export { ABSORBER_FETCH_BYTES, createOutcomesAbsorber, DEFAULT_ABSORBER_CONSUMER, type OutcomesAbsorber, type OutcomesAbsorberDeps } from './absorber';
export { FLOWS_LIMIT, TOP_MEDICINES } from './assemble';
export { discloseFigures, MEDIAN_MIN_GROUP } from './disclose';
export { binLowerEdge, FILING_BINS, filingBin, medianOfBins, minutesToFiling } from './filing-time';
export { OUTCOMES_MIGRATIONS } from './migrations';
export { DEFAULT_OUTCOMES_SCHEMA, openOutcomesStore } from './open';
export { OUTCOME_GROUP_OF } from './outcome-groups';
export {
  addDays,
  addMonths,
  currentPeriod,
  MAX_PERIOD_BUCKETS,
  monthStart,
  parsePeriod,
  periodBuckets,
  periodLength,
  previousPeriod,
  trailingPeriod,
  weekStart,
} from './period';
export * from './port';
export { parseReferenceFiles } from './reference-files';
export { sqlOutcomesStore } from './sql-store';
