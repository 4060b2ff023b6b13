import { problemSchema, type WebhookEndpointEvent } from '@firstsync/contracts';
import { sendProblem } from '@firstsync/http-app';
import { checkWebhookUrl, encryptSecret, generateSecret } from '@firstsync/standard-webhooks';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { problems, UNAVAILABLE_RETRY_AFTER_SECONDS } from '../http/problems';
import {
  createdEndpointSchema,
  createEndpointBodySchema,
  endpointIdParamsSchema,
  endpointListSchema,
  endpointSchema,
  MAX_ENDPOINTS_PER_PHARMACY,
  updateEndpointBodySchema,
} from '../http/schemas';
import type { PharmacyApiDeps } from './deps';
import { clientOrReply, targetOrReply } from './endpoint-target';
import { endpointView, ownedEndpoint } from './endpoint-view';
import { parseOrReply } from './validate';

const TAGS = ['webhooks'];
const SECURITY = [{ apiKey: [] }];

/**
 * Appends an endpoint event and waits until this instance's registry has applied it, so the answer
 * (and the next request to this instance) reflects the change. False (503 sent) when Kafka did not
 * take it in time.
 */
export async function appendOrReply(deps: PharmacyApiDeps, reply: FastifyReply, event: WebhookEndpointEvent): Promise<boolean> {
  try {
    await deps.registry.append(event);
    return true;
  } catch (err) {
    reply.log.warn({ err, endpointId: event.endpointId, kind: event.kind }, 'endpoint event not written');
    void sendProblem(reply, problems.unavailable(), { 'retry-after': String(UNAVAILABLE_RETRY_AFTER_SECONDS) });
    return false;
  }
}

/** The URL as checked against the SSRF rules (normalised), or undefined with a 400 sent. */
function checkedUrl(deps: PharmacyApiDeps, reply: FastifyReply, url: string): string | undefined {
  const check = checkWebhookUrl(url, deps.policy);
  if (check.ok) return check.url.href;
  void sendProblem(reply, problems.refusedUrl(check.problem));
  return undefined;
}

export function registerEndpointRoutes(api: FastifyInstance, deps: PharmacyApiDeps): void {
  api.post(
    '/v1/webhooks/endpoints',
    {
      schema: {
        tags: TAGS,
        summary: 'Register a webhook endpoint; the answer carries its signing secret',
        security: SECURITY,
        body: createEndpointBodySchema,
        response: { 201: createdEndpointSchema, 400: problemSchema, 401: problemSchema, 409: problemSchema, 503: problemSchema },
      },
    },
    async (request, reply) => {
      const client = clientOrReply(request, reply);
      if (client === undefined) return reply;
      const body = parseOrReply(createEndpointBodySchema, request.body ?? {}, reply, 'endpoint');
      if (body === undefined) return reply;
      const url = checkedUrl(deps, reply, body.url);
      if (url === undefined) return reply;
      const owned = deps.registry.all().filter((endpoint) => ownedEndpoint(endpoint, client.pharmacyOds) !== undefined);
      if (owned.length >= MAX_ENDPOINTS_PER_PHARMACY) return sendProblem(reply, problems.tooManyEndpoints(MAX_ENDPOINTS_PER_PHARMACY));
      const secret = generateSecret();
      const endpointId = deps.newId();
      const startAfter = await deps.feedEnd();
      const written = await appendOrReply(deps, reply, {
        kind: 'created',
        endpointId,
        pharmacyOds: client.pharmacyOds,
        url,
        eventTypes: body.eventTypes,
        ...(body.description === undefined ? {} : { description: body.description }),
        secret: encryptSecret(secret, deps.secretKey),
        startAfter,
        at: deps.now().toISOString(),
        actor: client.name,
      });
      if (!written) return reply;
      const endpoint = deps.registry.get(endpointId);
      if (endpoint === undefined) throw new Error('the registry did not apply its own write');
      request.log.info({ endpointId, pharmacyOds: client.pharmacyOds }, 'webhook endpoint registered');
      return reply
        .code(201)
        .header('location', `/v1/webhooks/endpoints/${endpointId}`)
        .send({ ...endpointView(endpoint), secret });
    },
  );

  api.get(
    '/v1/webhooks/endpoints',
    {
      schema: { tags: TAGS, summary: "Your pharmacy's webhook endpoints", security: SECURITY, response: { 200: endpointListSchema, 401: problemSchema } },
    },
    async (request, reply) => {
      const client = clientOrReply(request, reply);
      if (client === undefined) return reply;
      const endpoints = deps.registry
        .all()
        .filter((endpoint) => ownedEndpoint(endpoint, client.pharmacyOds) !== undefined)
        .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || (a.endpointId < b.endpointId ? -1 : 1))
        .map(endpointView);
      return reply.send({ endpoints });
    },
  );

  api.get(
    '/v1/webhooks/endpoints/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'One of your webhook endpoints',
        security: SECURITY,
        params: endpointIdParamsSchema,
        response: { 200: endpointSchema, 401: problemSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const target = targetOrReply(deps, request, reply);
      if (target === undefined) return reply;
      return reply.send(endpointView(target.endpoint));
    },
  );

  api.patch(
    '/v1/webhooks/endpoints/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Change the URL, the event types or the description of an endpoint',
        security: SECURITY,
        params: endpointIdParamsSchema,
        body: updateEndpointBodySchema,
        response: { 200: endpointSchema, 400: problemSchema, 401: problemSchema, 404: problemSchema, 503: problemSchema },
      },
    },
    async (request, reply) => {
      const target = targetOrReply(deps, request, reply);
      if (target === undefined) return reply;
      const { client, endpoint } = target;
      const body = parseOrReply(updateEndpointBodySchema, request.body ?? {}, reply, 'change');
      if (body === undefined) return reply;
      const url = body.url === undefined ? undefined : checkedUrl(deps, reply, body.url);
      if (body.url !== undefined && url === undefined) return reply;
      const written = await appendOrReply(deps, reply, {
        kind: 'updated',
        endpointId: endpoint.endpointId,
        ...(url === undefined ? {} : { url }),
        ...(body.eventTypes === undefined ? {} : { eventTypes: body.eventTypes }),
        ...(body.description === undefined ? {} : { description: body.description }),
        at: deps.now().toISOString(),
        actor: client.name,
      });
      if (!written) return reply;
      const updated = deps.registry.get(endpoint.endpointId) ?? endpoint;
      return reply.send(endpointView(updated));
    },
  );

  api.delete(
    '/v1/webhooks/endpoints/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Delete an endpoint: nothing more is sent to it',
        security: SECURITY,
        params: endpointIdParamsSchema,
        response: { 204: z.null().describe('Deleted'), 401: problemSchema, 404: problemSchema, 503: problemSchema },
      },
    },
    async (request, reply) => {
      const target = targetOrReply(deps, request, reply);
      if (target === undefined) return reply;
      const { client, endpoint } = target;
      const written = await appendOrReply(deps, reply, { kind: 'deleted', endpointId: endpoint.endpointId, at: deps.now().toISOString(), actor: client.name });
      if (!written) return reply;
      request.log.info({ endpointId: endpoint.endpointId, pharmacyOds: client.pharmacyOds }, 'webhook endpoint deleted');
      return reply.code(204).send();
    },
  );
}
