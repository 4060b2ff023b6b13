export { formatAvailability, type IngestAvailability, ingestAvailability } from './availability';
export { type ChaosStep, chaosPlan, describeStep, type PlanOptions } from './chaos-plan';
export { type ChaosEvent, type ChaosOptions, type ChaosReport, formatReport, runChaos } from './scenario';
export { runSoak, type SoakOptions, type SoakReport } from './soak-run';
export { accountWebhooks, formatWebhookAccounting, type PharmacyWebhookAccounting, type WebhookAccounting } from './webhook-accounting';
