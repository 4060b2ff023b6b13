import { createKafkaClient } from '@firstsync/kafka';
import { quietLogger } from '@firstsync/testkit';
// The dashboard's own route table, so the access tests cover every route it registers (a route
// added later is covered the day it is added, instead of when someone remembers to list it).
import { buildDashboard, type DashboardRoute } from '../../../../services/dashboard/src/app';
import { loadDashboardConfig } from '../../../../services/dashboard/src/config';

/** Every method and URL pattern the dashboard registers, read from an instance that is built but never started. */
export async function registeredDashboardRoutes(): Promise<DashboardRoute[]> {
  const config = loadDashboardConfig({ KAFKA_BROKERS: '127.0.0.1:1', DASHBOARD_SESSION_SECRET: 'route-listing-only-'.padEnd(40, 'x') });
  const dashboard = buildDashboard({
    config,
    logger: quietLogger,
    kafka: createKafkaClient({ brokers: '127.0.0.1:1', clientId: 'route-listing' }, quietLogger),
  });
  await dashboard.app.ready();
  const routes = [...dashboard.routes];
  await dashboard.app.close();
  return routes;
}

/** Reachable without signing in, by design. Anything not listed here must be refused to anonymous callers. */
export const PUBLIC_ROUTES: ReadonlySet<string> = new Set([
  'GET /login',
  'HEAD /login',
  'POST /login',
  'POST /logout',
  'GET /health/live',
  'HEAD /health/live',
  'GET /health/ready',
  'HEAD /health/ready',
  'GET /assets/nhsuk/*',
  'HEAD /assets/nhsuk/*',
  'GET /assets/app/*',
  'HEAD /assets/app/*',
]);

/** A concrete path for a route pattern (outcomes: ICB QZA of the synthetic reference fixture, or England). */
export function concretePath(url: string, values: { id: string; ods: string }): string {
  return url.replace(':id', values.id).replace(':ods', values.ods).replace(':level/:code', 'icb/QZA').replace(':level', 'national').replace(/\*$/, 'x');
}
