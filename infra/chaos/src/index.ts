export { type Accounting, type AccountingInput, accountFor, type DeadLetter, type GpReceipt, settled } from './accounting';
export { type ChaosStep, chaosPlan, describeStep, type PlanOptions } from './chaos-plan';
export { freshNhsNumber, type GeneratedConsultation, type GenerateOptions, generateConsultations } from './consultations';
export { describeExitFaults, type ExitCause, exitFault, LineTail, type ProcessExit } from './exits';
export { kafkaLocal, type LocalBroker, repoRoot } from './infra-scripts';
export { type SubmitOptions, type SubmitReport, submitConsultations } from './ingest-client';
export {
  collectDeadLetters,
  type DeadLetterCollector,
  deadLetterFromRecord,
  followPipeline,
  gpReceipts,
  type PipelineFollower,
  type PipelineTrail,
} from './observe';
export { apiKeysJson, PHARMACIES, type TestPharmacy } from './pharmacies';
export { findPii, type PiiHit, type PiiKind, type PiiValue, sensitiveValues } from './pii';
export { freePort, freePortOffset } from './ports';
export { type ChaosEvent, type ChaosOptions, type ChaosReport, formatReport, runChaos } from './scenario';
export {
  type LogLine,
  type RunningSystem,
  type ServiceExit,
  type ServiceName,
  type SystemOptions,
  serviceAvailable,
  startSystem,
  type UnexpectedExit,
} from './system';
