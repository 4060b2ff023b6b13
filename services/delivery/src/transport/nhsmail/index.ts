export { createNhsmailTransport, NO_NHSMAIL_ADDRESS, FALLBACK_SENT, type NhsmailTransportOptions } from './nhsmail-transport';
export { nhsmailEnv, nhsmailOptionsFromEnv, type NhsmailEnv } from './nhsmail-config';
export { fallbackRoute, type FallbackDecision } from './fallback-route';
export { buildSummaryEmail, type SummaryEmail } from './summary-email';
export { classifySmtpError } from './classify-smtp-error';
export { fallbackFor, fallbackResult, type FallbackResult } from './fallback-decision';
export { createFallbackWorker, type FallbackWorker, type FallbackWorkerDeps } from './fallback-worker';
