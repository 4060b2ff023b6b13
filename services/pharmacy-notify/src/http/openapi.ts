import { type OpenApiFinish, registerOpenApiDocument, type SchemaRegistry } from '@firstsync/http-app';
import type { FastifyInstance } from 'fastify';
import { OPENAPI_INFO, PHARMACY_EVENT_COMPONENT, webhooksSection } from './openapi-webhooks';

export type { SchemaRegistry };

const RESPONSE_DESCRIPTIONS: OpenApiFinish['responseDescriptions'] = {
  '200': 'OK',
  '201': 'Created',
  '204': 'Done',
  '400': 'Invalid request (errors lists each field path and what is wrong), or a webhook URL refused by the target rules',
  '401': 'Missing or invalid API key',
  '404': 'No such endpoint of your pharmacy (an endpoint of another pharmacy is answered the same way)',
  '409': 'Your pharmacy already has the most endpoints allowed',
  '410': 'The cursor is older than the events kept: read again without `after`',
  '503': 'The service is starting or Kafka is unavailable; retry after Retry-After seconds',
};

const RESPONSE_HEADERS: OpenApiFinish['responseHeaders'] = {
  '401': { 'WWW-Authenticate': { description: 'Bearer challenge', schema: { type: 'string' } } },
  '503': { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } },
};

/** Registers the document generator and GET /docs/json; call before any route is registered (it hooks onRoute). */
export function registerOpenApi(app: FastifyInstance, registry: SchemaRegistry): void {
  registerOpenApiDocument(app, registry, {
    info: OPENAPI_INFO,
    securityDescription: 'API key issued to one pharmacy (the same key as the ingest API)',
    tags: [
      { name: 'webhooks', description: 'Register endpoints that receive signed events (Standard Webhooks)' },
      { name: 'events', description: 'The change feed: the same events, read with a resumable cursor' },
      { name: 'health', description: 'Liveness and readiness probes' },
    ],
    finish: {
      responseDescriptions: RESPONSE_DESCRIPTIONS,
      responseHeaders: RESPONSE_HEADERS,
      keepSchemas: [PHARMACY_EVENT_COMPONENT],
      webhooks: webhooksSection,
    },
  });
  // The document only (no Swagger UI: this API has no browser users, and no page needs a looser CSP).
  app.get('/docs/json', { schema: { hide: true } }, async () => app.swagger());
}
