export { type ChaosStep, chaosPlan, describeStep, type PlanOptions } from './chaos-plan';
export { type ChaosEvent, type ChaosOptions, type ChaosReport, formatReport, runChaos } from './scenario';
export { accountWebhooks, formatWebhookAccounting, type PharmacyWebhookAccounting, type WebhookAccounting } from './webhook-accounting';
