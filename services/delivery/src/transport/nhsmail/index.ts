export { classifySmtpError } from './classify-smtp-error';
export { type FallbackDecision, fallbackRoute } from './fallback-route';
export { type NhsmailEnv, nhsmailEnv, nhsmailOptionsFromEnv } from './nhsmail-config';
export { createNhsmailTransport, FALLBACK_SENT, type NhsmailTransportOptions, NO_NHSMAIL_ADDRESS } from './nhsmail-transport';
export { buildSummaryEmail, type SummaryEmail } from './summary-email';
