import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { PROBLEM_CONTENT_TYPE } from '@firstsync/contracts';
import type { FastifyInstance } from 'fastify';
import { createJsonSchemaTransform, createJsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';

export type SchemaRegistry = z.core.$ZodRegistry<{ id?: string | undefined }>;

const RESPONSE_DESCRIPTIONS: Record<string, string> = {
  '200': 'OK',
  '202': 'Accepted: the consultation is durably in Kafka (also the answer to an identical re-submission)',
  '207': 'One result per item, each with the status a single submission would have got',
  '400':
    'Invalid request or consultation (errors lists every field path and what is wrong): also a body that is not UTF-8, an object with the same member twice, or text with control characters or nothing visible',
  '401': 'Missing or invalid API key',
  '403': 'The API key belongs to another pharmacy',
  '404': 'Unknown consultation or address',
  '409': 'Same consultationId and version with different content, or a version lower than one already accepted',
  '413': 'Body too large',
  '415': 'Content-Type is not application/json',
  '429': 'Rate limit of the API key exceeded (see Retry-After); each batch item counts as one request',
  '503': 'Kafka unavailable or the service is starting: nothing was accepted; retry after Retry-After seconds',
};

const RESPONSE_HEADERS: Record<string, Record<string, { description: string; schema: { type: string } }>> = {
  '202': { 'Idempotent-Replayed': { description: 'true when this answers an earlier identical submission', schema: { type: 'string' } } },
  '401': { 'WWW-Authenticate': { description: 'Bearer challenge', schema: { type: 'string' } } },
  '429': { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } },
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
 * Finishing touches fastify-swagger cannot express per status: problem responses are
 * application/problem+json, every response gets a description and its headers, and component
 * schemas nothing refers to (the transform emits an input and an output form of each) are dropped.
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
  const components = isObject(document.components) ? document.components : {};
  const schemas = isObject(components.schemas) ? components.schemas : {};
  const keep = new Set<string>();
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
      // A component's `$id` of '#/components/schemas/X' is a fragment, which JSON Schema 2020-12
      // forbids in $id; `$schema` is implied by OpenAPI 3.1. Both are dropped.
      .map(([name, schema]) => {
        if (!isObject(schema)) return [name, schema];
        const { $id: _id, $schema: _schema, ...rest } = schema;
        return [name, rest];
      }),
  );
  return document;
}

export const OPENAPI_INFO = {
  title: 'firstsync ingest API',
  version: '1.0.0',
  description: [
    'Pharmacy systems submit Pharmacy First, blood pressure check, contraception and urgent medicine supply',
    "consultations here; firstsync carries them into the patient's GP record (GP Connect Update Record).",
    '',
    'Authentication: `Authorization: Bearer <API key>`. Each key belongs to one pharmacy (ODS code) and may',
    'only submit and read consultations whose `pharmacy.odsCode` is its own.',
    '',
    'Idempotency: `consultationId` is the key. Re-sending the same consultationId, version and content returns',
    'the original 202 (header `Idempotent-Replayed: true`) without publishing again; the same version with other',
    'content, or a lower version than one accepted, is 409; a higher version is an amendment.',
    '',
    'Errors are RFC 9457 `application/problem+json` with `errors[]` giving each field path and message.',
    '',
    'Strict input: bodies must be UTF-8 JSON with no member twice in one object. Text and name fields refuse',
    'control characters (notes and instructions may hold tab, CR and LF), unpaired surrogates, U+FFFD and',
    'noncharacters, and text with nothing visible once white space and format characters (e.g. U+200B) are removed.',
  ].join('\n'),
};

/** Registers the document generator and the UI; call before any route is registered (it hooks onRoute). */
export function registerOpenApi(app: FastifyInstance, registry: SchemaRegistry): void {
  // fastify-type-provider-zod 7 reads component metadata from `registry` only; the `.describe()`
  // texts of their properties live in zod's global registry, so they are copied in here.
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
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'API key issued to one pharmacy' } } },
      tags: [
        { name: 'consultations', description: 'Submit consultations and follow their delivery' },
        { name: 'health', description: 'Liveness and readiness probes' },
      ],
    },
    transform: createJsonSchemaTransform({ schemaRegistry: registry, skipList: [] }),
    transformObject: (input) => finishOpenApiDocument(transformObject(input) as unknown as JsonObject) as unknown as ReturnType<typeof transformObject>,
  });
  void app.register(swaggerUi, { routePrefix: '/docs', staticCSP: false });
}
