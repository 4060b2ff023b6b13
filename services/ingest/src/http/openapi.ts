import swaggerUi from '@fastify/swagger-ui';
import { type OpenApiFinish, registerOpenApiDocument, type SchemaRegistry } from '@firstsync/http-app';
import type { FastifyInstance } from 'fastify';

export type { SchemaRegistry };

const RESPONSE_DESCRIPTIONS: OpenApiFinish['responseDescriptions'] = {
  '200': 'OK',
  '202': 'Accepted: the consultation is durably in Kafka (also the answer to an identical re-submission)',
  '207': 'One result per item, each with the status a single submission would have got',
  '400':
    'Invalid request or consultation (errors lists every field path and what is wrong): also a body that is not UTF-8, an object with the same member twice, or text with control characters or nothing visible',
  '401': 'Missing or invalid API key',
  '403': 'The API key belongs to another pharmacy',
  '404': 'Unknown consultation or address (also a consultation whose last activity is older than the status retention; the detail says how many days)',
  '409': 'Same consultationId and version with different content, or a version lower than one already accepted',
  '413': 'Body too large',
  '415': 'Content-Type is not application/json',
  '429': 'Rate limit of the API key exceeded (see Retry-After); each batch item counts as one request',
  '503':
    'Kafka or the status store unavailable, the service starting, or too many requests in hand at once: nothing was accepted; retry after Retry-After seconds',
};

const RESPONSE_HEADERS: OpenApiFinish['responseHeaders'] = {
  '202': { 'Idempotent-Replayed': { description: 'true when this answers an earlier identical submission', schema: { type: 'string' } } },
  '401': { 'WWW-Authenticate': { description: 'Bearer challenge', schema: { type: 'string' } } },
  '429': { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } },
  '503': { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } },
};

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
  registerOpenApiDocument(app, registry, {
    info: OPENAPI_INFO,
    securityDescription: 'API key issued to one pharmacy',
    tags: [
      { name: 'consultations', description: 'Submit consultations and follow their delivery' },
      { name: 'health', description: 'Liveness and readiness probes' },
    ],
    finish: { responseDescriptions: RESPONSE_DESCRIPTIONS, responseHeaders: RESPONSE_HEADERS },
  });
  void app.register(swaggerUi, { routePrefix: '/docs', staticCSP: false });
}
