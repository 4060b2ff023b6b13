import { createHttpApp } from '@firstsync/http-app';
import type { Logger } from '@firstsync/logging';
import type { Registry } from '@firstsync/metrics';
import { decorateApiClient } from '@firstsync/pharmacy-api-keys';
import type { FastifyInstance } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';

/** Bodies here are small JSON objects (a URL, a few event types, a description). */
const BODY_LIMIT = 16 * 1024;

/**
 * The shared HTTP app (problem details, correlation ids, security headers, request log) with
 * zod-checked responses and the request's API client on the request log line.
 */
export function createFastifyApp(logger: Logger, metrics?: Registry): FastifyInstance {
  const app = createHttpApp({
    logger,
    bodyLimit: BODY_LIMIT,
    metrics,
    requestLog: {
      quiet: (request) => request.routeOptions.url?.startsWith('/docs') === true,
      fields: (request): Readonly<Record<string, string>> =>
        request.apiClient ? { client: request.apiClient.name, pharmacyOds: request.apiClient.pharmacyOds } : {},
    },
  });
  // Requests are validated in the handlers (routes/validate.ts), so every refusal is this API's
  // problem+json; the zod schemas on the routes generate the OpenAPI document and check responses.
  app.setValidatorCompiler(() => (data) => ({ value: data }));
  app.setSerializerCompiler(serializerCompiler);
  // Only JSON is part of the contract: text/plain would otherwise reach a handler as a string.
  app.removeContentTypeParser(['text/plain']);
  decorateApiClient(app);
  return app;
}
