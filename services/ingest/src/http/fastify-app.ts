import { createHttpApp } from '@firstsync/http-app';
import type { Logger } from '@firstsync/logging';
import type { Registry } from '@firstsync/metrics';
import type { FastifyInstance } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { registerStrictJsonParser } from './json-body';
import { decorateRequestContext } from './request-context';
import { ingestRequestLog } from './request-log';
import { ingestSecurityHeaders } from './security-headers';

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
  /** Served at GET /metrics. */
  metrics?: Registry;
}

/**
 * The shared HTTP app (problem details, correlation ids, security headers, request log) with what
 * is ingest's own: strict JSON bodies only, zod-checked responses and the request's client.
 */
export function createFastifyApp({ logger, bodyLimit, https, trustedResponseSchemas = [], metrics }: HttpSettings): FastifyInstance {
  const app = createHttpApp({
    logger,
    bodyLimit,
    securityHeaders: ingestSecurityHeaders({ https }),
    requestLog: ingestRequestLog,
    metrics,
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
  return app;
}
