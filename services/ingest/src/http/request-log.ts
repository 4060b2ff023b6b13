import type { FastifyInstance } from 'fastify';

/**
 * One line per request with ids only. Fastify's own request logging is off (it logs the URL with
 * its query string, which a client could fill with anything); bodies are never logged.
 */
export function registerRequestLog(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url;
    const fields = {
      method: request.method,
      route: route ?? '(unmatched)',
      statusCode: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime),
      ...(request.apiClient ? { client: request.apiClient.name, pharmacyOds: request.apiClient.pharmacyOds } : {}),
      ...(request.consultationIdForLog ? { consultationId: request.consultationIdForLog } : {}),
    };
    if (route?.startsWith('/health') || route?.startsWith('/docs')) request.log.debug(fields, 'request completed');
    else request.log.info(fields, 'request completed');
  });
}
