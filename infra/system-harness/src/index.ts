export { type Accounting, type AccountingInput, accountFor, settled } from './accounting';
export { freshNhsNumber, type GeneratedConsultation, type GenerateOptions, generateConsultations } from './consultations';
export { DashboardClient, passwordHash } from './dashboard-client';
export { describeExitFaults, type ExitCause, exitFault, LineTail, type ProcessExit } from './exits';
export { kafkaLocal, type LocalBroker, repoRoot } from './infra-scripts';
export { type SubmitOptions, type SubmitReport, submitConsultations } from './ingest-client';
export {
  collectDeadLetters,
  type DeadLetter,
  type DeadLetterCollector,
  deadLetterFromRecord,
  followPipeline,
  type GpReceipt,
  gpReceipts,
  type PipelineFollower,
  type PipelineTrail,
} from './observe';
export { apiKeysJson, PHARMACIES, type TestPharmacy } from './pharmacies';
export {
  connectSimulatedPharmacySystem,
  type FeedRecord,
  followPharmacyFeed,
  type PharmacyFeedFollower,
  pharmacyReceiverUrl,
  type ReceivedWebhook,
  type ReceiverBehaviour,
  type ReceiverCounts,
  type ReceiverView,
  type RegisteredWebhookEndpoint,
  receivedWebhooks,
  registerWebhookEndpoint,
  setReceiverBehaviour,
  setReceiverSecret,
  type WebhookEndpointRequest,
  type WebhookEndpointStatus,
  webhookEndpoint,
  webhookEndpointSecret,
  webhookEndpoints,
} from './pharmacy-webhooks';
export { findPii, type PiiHit, type PiiKind, type PiiValue, sensitiveValues } from './pii';
export { freePort, freePortOffset } from './ports';
export { ensurePythonTool, type PythonTool, type PythonVenv } from './python-venv';
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
