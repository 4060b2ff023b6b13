// What other packages' tests (the dashboard's Playwright test, the e2e harness) use to run delivery in-process.
export { buildDelivery, type DeliveryDeps, type DeliveryService } from './app';
export { type DeliveryConfig, deliveryConfigSchema, loadDeliveryConfig } from './config';
export type { Acknowledgement, AcknowledgementSource, Route, Transport, TransportOutcome } from './transport/port';
