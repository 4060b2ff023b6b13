import type { Logger } from '@firstsync/logging';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { CORRELATION_ID_HEADER, correlationIdFrom } from './correlation-id';
import { registerErrorHandling } from './error-handler';
import { registerStrictJsonParser } from './json-body';
import { problems } from './problems';
import { decorateRequestContext } from './request-context';
import { registerRequestLog } from './request-log';
import { registerSecurityHeaders } from './security-headers';
import { sendProblem } from './send-problem';

export interface HttpSettings {
  logger: Logger;
  bodyLimit: number;
  https: boolean;
  /**
   * Response schemas whose bodies this service builds field by field from typed values, so they
   * are written with JSON.stringify without a zod check: the 202 of every accepted consultation
   * spent about 3 % of ingest's CPU being re-validated. Every other response is still checked.
   */
  trustedResponseSchemas?: readonly unknown[];
}

/**
 * The Fastify instance with everything that is not a route: limits, content types, problem
 * details for every error, correlation ids, security headers and the request log.
 */
export function createFastifyApp({ logger, bodyLimit, https, trustedResponseSchemas = [] }: HttpSettings): FastifyInstance {
  // Typed as Fastify's base logger so the instance has the plain FastifyInstance type.
  const loggerInstance: FastifyBaseLogger = logger;
  const app = Fastify({
    loggerInstance,
    // Fastify's own request lines are off: they log the URL with its query string, which a client
    // could fill with anything. request-log.ts writes one line of ids per request instead.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'correlationId' }),
    bodyLimit,
    genReqId: (request) => correlationIdFrom(request.headers[CORRELATION_ID_HEADER]),
    // Malformed URLs are answered by Fastify before any hook; keep them problem+json too.
    frameworkErrors: (_error, _request, reply) => {
      void sendProblem(reply, problems.fromStatus(400, 'Bad Request'));
    },
  });

  // Request validation happens in the handlers, not in Fastify: a batch validates each item on its
  // own, 403 is decided on the parsed consultation, and every failure must become our problem
  // details. The zod schemas on the routes generate the OpenAPI document and check responses.
  app.setValidatorCompiler(() => (data) => ({ value: data }));
  const trusted = new Set(trustedResponseSchemas);
  app.setSerializerCompiler<Parameters<typeof serializerCompiler>[0]['schema']>((route) =>
    trusted.has(route.schema) ? (data: unknown) => JSON.stringify(data) : serializerCompiler(route),
  );

  // Only JSON is part of the contract: text/plain would otherwise reach the handler as a string.
  app.removeContentTypeParser(['text/plain']);
  registerStrictJsonParser(app);

  decorateRequestContext(app);
  registerErrorHandling(app, { bodyLimit });
  registerSecurityHeaders(app, { https });
  registerRequestLog(app);
  app.addHook('onRequest', (request, reply, done) => {
    reply.header(CORRELATION_ID_HEADER, request.id);
    done();
  });
  return app;
}
