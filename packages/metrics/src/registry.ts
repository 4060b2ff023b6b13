import { collectDefaultMetrics, Registry } from 'prom-client';

export type { Registry } from 'prom-client';

/**
 * A registry of one service instance: the process metrics prom-client collects (CPU, RSS, heap,
 * event-loop lag, GC) plus whatever the service registers, all labelled with the service name.
 * One registry per instance rather than prom-client's global one: tests run several services in
 * one process, and a metric name may be registered once per registry only.
 */
export function createServiceRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}
