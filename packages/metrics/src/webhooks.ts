import { Counter, Gauge, type Registry } from 'prom-client';

export type EndpointStatus = 'enabled' | 'disabled';

/** What a webhook delivery loop reports (pharmacy-notify). Labels are the attempt's enums, never an endpoint or a pharmacy. */
export interface WebhookObserver {
  attempted(outcome: 'delivered' | 'failed', error: string | undefined): void;
  /** The system disabled an endpoint: its retry schedule ran out, or it fell behind the events kept. */
  disabled(reason: 'exhausted' | 'fell-behind'): void;
}

/**
 * - `firstsync_webhook_deliveries_total{outcome,error}` (error: the attempt's error kind, `none` when delivered)
 * - `firstsync_webhook_endpoints_disabled_total{reason}` (disabled by the system, not by the pharmacy)
 * - `firstsync_webhook_endpoints{status}` (endpoints in the registry, read at scrape time; deleted ones left out)
 */
export function webhookMetrics(registry: Registry, countByStatus: () => Readonly<Record<EndpointStatus, number>>): WebhookObserver {
  const deliveries = new Counter({
    name: 'firstsync_webhook_deliveries_total',
    help: 'Webhook delivery attempts, by outcome and error kind',
    labelNames: ['outcome', 'error'] as const,
    registers: [registry],
  });
  const disabled = new Counter({
    name: 'firstsync_webhook_endpoints_disabled_total',
    help: 'Webhook endpoints the system disabled',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const endpoints = new Gauge({
    name: 'firstsync_webhook_endpoints',
    help: 'Registered webhook endpoints by status',
    labelNames: ['status'] as const,
    registers: [registry],
    collect: () => {
      const counts = countByStatus();
      endpoints.set({ status: 'enabled' }, counts.enabled);
      endpoints.set({ status: 'disabled' }, counts.disabled);
    },
  });
  return {
    attempted: (outcome, error) => deliveries.inc({ outcome, error: error ?? 'none' }),
    disabled: (reason) => disabled.inc({ reason }),
  };
}
