import type { FastifyInstance, FastifyRequest } from 'fastify';

export interface RequestLogOptions {
  /** Ids the service adds to the line (never bodies, never free text a client sent). */
  fields?: (request: FastifyRequest) => Readonly<Record<string, string | number>>;
  /** Requests logged at debug rather than info (besides health checks). */
  quiet?: (request: FastifyRequest) => boolean;
}

/**
 * One line per request with ids only. Fastify's own request logging is off (it logs the URL with
 * its query string, which a client could fill with anything); bodies are never logged. Health
 * checks and metrics scrapes are logged at debug: pollers would otherwise fill the log. The logger itself redacts.
 */
export function registerRequestLog(app: FastifyInstance, { fields, quiet }: RequestLogOptions = {}): void {
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url;
    const line = {
      method: request.method,
      route: route ?? '(unmatched)',
      statusCode: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime),
      ...fields?.(request),
    };
    if (route?.startsWith('/health') === true || route === '/metrics' || quiet?.(request) === true) request.log.debug(line, 'request completed');
    else request.log.info(line, 'request completed');
    done();
  });
}
