import { httpRequestMetrics, type Registry } from '@firstsync/metrics';
import type { FastifyInstance } from 'fastify';

export const METRICS_PATH = '/metrics';

/**
 * `GET /metrics` in the Prometheus text format, and every request observed in
 * `firstsync_http_request_duration_seconds` by route template (never the URL, which carries ids).
 * Scrapes are logged at debug with the health checks' quiet: Prometheus polls every few seconds.
 */
export function registerMetrics(app: FastifyInstance, registry: Registry): void {
  const observe = httpRequestMetrics(registry);
  app.addHook('onResponse', (request, reply, done) => {
    observe({ method: request.method, route: request.routeOptions.url, statusCode: reply.statusCode, seconds: reply.elapsedTime / 1000 });
    done();
  });
  app.get(METRICS_PATH, { logLevel: 'warn' }, async (_request, reply) => {
    const body = await registry.metrics();
    return reply.header('content-type', registry.contentType).send(body);
  });
}
