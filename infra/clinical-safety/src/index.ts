export { checkHazardLog, parseEvidenceRef, type ReadTestFile, readTestFileFrom } from './check';
export { HAZARD_LOG_PATH, type Hazard, type HazardLog, parseHazardLog, readHazardLog, repoRoot, SAFETY_CASE_PATH } from './hazard-log';
export { HIGHEST_ACCEPTABLE_RISK, LEVELS, type Level, LIKELIHOOD, RISK, riskOf, SEVERITY } from './risk-matrix';
export { renderSafetyCase } from './safety-case';
