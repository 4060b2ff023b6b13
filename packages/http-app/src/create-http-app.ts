import type { Logger } from '@firstsync/logging';
import type { Registry } from '@firstsync/metrics';
import { tracingEnabled } from '@firstsync/tracing';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { CORRELATION_ID_HEADER, correlationIdFrom } from './correlation-id';
import { type ErrorAnswers, problemJsonAnswers, registerErrorAnswers } from './error-handling';
import { registerMetrics } from './metrics';
import { type RequestLogOptions, registerRequestLog } from './request-log';
import { apiSecurityHeaders, registerSecurityHeaders, type SecurityHeaderPolicy } from './security-headers';
import { registerTracing } from './tracing';

/** Fastify's default body limit; services that take bodies set their own. */
const DEFAULT_BODY_LIMIT = 1_048_576;

export interface HttpAppSettings {
  logger: Logger;
  bodyLimit?: number;
  /** Trust X-Forwarded-* from a reverse proxy. */
  trustProxy?: boolean;
  /** Close keep-alive connections at shutdown (a test double whose clients hold them open). */
  forceCloseConnections?: boolean;
  /** Default: problem+json for errors, unknown addresses and unroutable requests. */
  errors?: ErrorAnswers;
  /** Default: the JSON API set (apiSecurityHeaders without HSTS). */
  securityHeaders?: SecurityHeaderPolicy;
  requestLog?: RequestLogOptions;
  /** The service's registry: served at GET /metrics, with every request observed by route template. */
  metrics?: Registry;
}

/**
 * The Fastify instance with everything that is not a route: the service's redacting logger,
 * correlation ids, problem details (or the service's own answers) for every error, security
 * headers on every response, one request log line of ids and (tracing on) one server span.
 */
export function createHttpApp({
  logger,
  bodyLimit = DEFAULT_BODY_LIMIT,
  trustProxy = false,
  forceCloseConnections,
  errors = problemJsonAnswers(bodyLimit),
  securityHeaders = apiSecurityHeaders({ https: false }),
  requestLog,
  metrics,
}: HttpAppSettings): FastifyInstance {
  // Widened first: passed as is, pino's Logger becomes the instance's logger type parameter, and the
  // instance no longer fits the plain FastifyInstance every plugin and route module is typed with.
  const loggerInstance: FastifyBaseLogger = logger;
  const app = Fastify({
    loggerInstance,
    // Fastify's own request lines are off: they log the URL with its query string, which a client
    // could fill with anything. request-log.ts writes one line of ids per request instead.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'correlationId' }),
    bodyLimit,
    trustProxy,
    ...(forceCloseConnections === undefined ? {} : { forceCloseConnections }),
    genReqId: (request) => correlationIdFrom(request.headers[CORRELATION_ID_HEADER]),
    frameworkErrors: errors.frameworkErrors,
  });
  registerErrorAnswers(app, errors);
  registerSecurityHeaders(app, securityHeaders);
  registerRequestLog(app, requestLog);
  if (metrics) registerMetrics(app, metrics);
  // Tracing starts in a service's main before its app is built; off, no hook is added at all.
  if (tracingEnabled()) registerTracing(app);
  app.addHook('onRequest', (request, reply, done) => {
    reply.header(CORRELATION_ID_HEADER, request.id);
    done();
  });
  return app;
}
