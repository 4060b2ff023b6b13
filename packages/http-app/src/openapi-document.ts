import swagger from '@fastify/swagger';
import { PROBLEM_CONTENT_TYPE } from '@firstsync/contracts';
import type { FastifyInstance } from 'fastify';
import { createJsonSchemaTransform, createJsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';

export type SchemaRegistry = z.core.$ZodRegistry<{ id?: string | undefined }>;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

interface ResponseHeader {
  readonly description: string;
  readonly schema: { readonly type: string };
}

/** What an API's document says beyond its routes: per-status texts and headers, extra sections. */
export interface OpenApiFinish {
  /** The description of each status where the route gave none. */
  readonly responseDescriptions: Readonly<Record<string, string>>;
  readonly responseHeaders: Readonly<Record<string, Readonly<Record<string, ResponseHeader>>>>;
  /** Component schemas kept although no path refers to them (e.g. webhook payloads). */
  readonly keepSchemas?: readonly string[];
  /** OpenAPI 3.1 `webhooks`. */
  readonly webhooks?: () => Record<string, unknown>;
}

export interface OpenApiSettings {
  readonly info: { readonly title: string; readonly version: string; readonly description: string };
  readonly securityDescription: string;
  readonly tags: readonly { readonly name: string; readonly description: string }[];
  readonly finish: OpenApiFinish;
}

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
 * application/problem+json, every response gets a description and its headers, the webhooks are
 * added, and component schemas nothing refers to (the transform emits an input and an output form
 * of each) are dropped.
 */
export function finishOpenApiDocument(document: JsonObject, finish: OpenApiFinish): JsonObject {
  const paths = isObject(document.paths) ? document.paths : {};
  for (const operations of Object.values(paths)) {
    if (!isObject(operations)) continue;
    for (const operation of Object.values(operations)) {
      if (!isObject(operation) || !isObject(operation.responses)) continue;
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!isObject(response)) continue;
        const description = finish.responseDescriptions[status];
        if (response.description === 'Default Response' && description) response.description = description;
        const headers = finish.responseHeaders[status];
        if (headers) response.headers = headers as unknown as JsonObject;
        if (Number(status) >= 400 && isObject(response.content) && response.content['application/json'] !== undefined) {
          response.content = { [PROBLEM_CONTENT_TYPE]: response.content['application/json'] };
        }
      }
    }
  }
  if (finish.webhooks) document.webhooks = finish.webhooks() as unknown as JsonObject;
  const components = isObject(document.components) ? document.components : {};
  const schemas = isObject(components.schemas) ? components.schemas : {};
  const keep = new Set<string>(finish.keepSchemas ?? []);
  collectRefs(paths, keep);
  for (let grew = true; grew; ) {
    const before = keep.size;
    for (const name of [...keep]) collectRefs(schemas[name], keep);
    grew = keep.size > before;
  }
  components.schemas = Object.fromEntries(
    Object.entries(schemas)
      .filter(([name]) => keep.has(name))
      // Code-point order: the same on every machine, and no ICU collation data mapped into the process.
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, schema]) => {
        if (!isObject(schema)) return [name, schema];
        // A component's `$id` of '#/components/schemas/X' is a fragment, which JSON Schema 2020-12
        // forbids in $id; `$schema` is implied by OpenAPI 3.1. Both are dropped.
        const { $id: _id, $schema: _schema, ...rest } = schema;
        return [name, rest];
      }),
  );
  return document;
}

/**
 * Registers the OpenAPI 3.1 document generated from the routes' zod schemas (fastify-swagger);
 * call before any route is registered (it hooks onRoute).
 */
export function registerOpenApiDocument(app: FastifyInstance, registry: SchemaRegistry, settings: OpenApiSettings): void {
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
      info: settings.info,
      servers: [],
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: settings.securityDescription } } },
      tags: [...settings.tags],
    },
    transform: createJsonSchemaTransform({ schemaRegistry: registry, skipList: [] }),
    transformObject: (input) =>
      finishOpenApiDocument(transformObject(input) as unknown as JsonObject, settings.finish) as unknown as ReturnType<typeof transformObject>,
  });
}
