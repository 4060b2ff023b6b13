import swagger from '@fastify/swagger';
import { PROBLEM_CONTENT_TYPE } from '@firstsync/contracts';
import type { FastifyInstance } from 'fastify';
import { createJsonSchemaTransform, createJsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OPENAPI_INFO, PHARMACY_EVENT_COMPONENT, webhooksSection } from './openapi-webhooks';

export type SchemaRegistry = z.core.$ZodRegistry<{ id?: string | undefined }>;

// TODO(lead): finishOpenApiDocument repeats services/ingest/src/http/openapi.ts's; both belong in
// @firstsync/http-app, parameterised by these two tables.
const RESPONSE_DESCRIPTIONS: Record<string, string> = {
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

const RESPONSE_HEADERS: Record<string, Record<string, { description: string; schema: { type: string } }>> = {
  '401': { 'WWW-Authenticate': { description: 'Bearer challenge', schema: { type: 'string' } } },
  '503': { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } },
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

function collectRefs(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const v of value) collectRefs(v, into);
  } else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string' && child.startsWith('#/components/schemas/')) into.add(child.slice('#/components/schemas/'.length));
      else collectRefs(child, into);
    }
  }
}

/**
 * What fastify-swagger cannot express per status: problem responses are application/problem+json,
 * every response has a description and its headers, the webhooks (OpenAPI 3.1) are added, and
 * component schemas nothing refers to are dropped.
 */
export function finishOpenApiDocument(document: JsonObject): JsonObject {
  const paths = isObject(document.paths) ? document.paths : {};
  for (const operations of Object.values(paths)) {
    if (!isObject(operations)) continue;
    for (const operation of Object.values(operations)) {
      if (!isObject(operation) || !isObject(operation.responses)) continue;
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!isObject(response)) continue;
        if (response.description === 'Default Response' && RESPONSE_DESCRIPTIONS[status]) response.description = RESPONSE_DESCRIPTIONS[status];
        if (RESPONSE_HEADERS[status]) response.headers = RESPONSE_HEADERS[status] as unknown as JsonObject;
        if (Number(status) >= 400 && isObject(response.content) && response.content['application/json'] !== undefined) {
          response.content = { [PROBLEM_CONTENT_TYPE]: response.content['application/json'] };
        }
      }
    }
  }
  document.webhooks = webhooksSection() as unknown as JsonObject;
  const components = isObject(document.components) ? document.components : {};
  const schemas = isObject(components.schemas) ? components.schemas : {};
  const keep = new Set<string>([PHARMACY_EVENT_COMPONENT]);
  collectRefs(paths, keep);
  for (let grew = true; grew; ) {
    const before = keep.size;
    for (const name of [...keep]) collectRefs(schemas[name], keep);
    grew = keep.size > before;
  }
  components.schemas = Object.fromEntries(
    Object.entries(schemas)
      .filter(([name]) => keep.has(name))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, schema]) => {
        if (!isObject(schema)) return [name, schema];
        const { $id: _id, $schema: _schema, ...rest } = schema;
        return [name, rest];
      }),
  );
  return document;
}

/** Registers the document generator and GET /docs/json; call before any route is registered (it hooks onRoute). */
export function registerOpenApi(app: FastifyInstance, registry: SchemaRegistry): void {
  const transformObject = createJsonSchemaTransformObject({
    schemaRegistry: registry,
    zodToJsonConfig: {
      override: ({ zodSchema, jsonSchema }) => {
        const description = z.globalRegistry.get(zodSchema)?.description;
        if (description !== undefined && jsonSchema.description === undefined) jsonSchema.description = description;
      },
    },
  });
  void app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: OPENAPI_INFO,
      servers: [],
      components: {
        securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'API key issued to one pharmacy (the same key as the ingest API)' } },
      },
      tags: [
        { name: 'webhooks', description: 'Register endpoints that receive signed events (Standard Webhooks)' },
        { name: 'events', description: 'The change feed: the same events, read with a resumable cursor' },
        { name: 'health', description: 'Liveness and readiness probes' },
      ],
    },
    transform: createJsonSchemaTransform({ schemaRegistry: registry, skipList: [] }),
    transformObject: (input) => finishOpenApiDocument(transformObject(input) as unknown as JsonObject) as unknown as ReturnType<typeof transformObject>,
  });
  // The document only (no Swagger UI: this API has no browser users, and no page needs a looser CSP).
  app.get('/docs/json', { schema: { hide: true } }, async () => app.swagger());
}
