import type { FastifyInstance } from 'fastify';

/**
 * One line per request with ids only. Fastify's own request logging is off (it logs the URL with
 * its query string, which a client could fill with anything); bodies are never logged.
 * Health and docs requests, and requests whose handler already logged the outcome at info (an
 * accepted consultation), are logged at debug: every info line costs serialisation and redaction,
 * and at saturation two lines per acceptance were the largest item in ingest's own profile.
 */
export function registerRequestLog(app: FastifyInstance): void {
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url;
    const quiet = request.outcomeLogged || route?.startsWith('/health') === true || route?.startsWith('/docs') === true;
    const fields = {
      method: request.method,
      route: route ?? '(unmatched)',
      statusCode: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime),
      ...(request.apiClient ? { client: request.apiClient.name, pharmacyOds: request.apiClient.pharmacyOds } : {}),
      ...(request.consultationIdForLog ? { consultationId: request.consultationIdForLog } : {}),
    };
    if (quiet) request.log.debug(fields, 'request completed');
    else request.log.info(fields, 'request completed');
    done();
  });
}
