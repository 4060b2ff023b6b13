import type { FeedPosition } from '@firstsync/contracts';
import { problemSchema } from '@firstsync/contracts';
import { endpointCursor, type WebhookEndpoint } from '@firstsync/pharmacy-events';
import { decryptSecret, encryptSecret, generateSecret } from '@firstsync/standard-webhooks';
import type { FastifyInstance } from 'fastify';
import { attemptListSchema, attemptsQuerySchema, endpointIdParamsSchema, endpointSchema, rotateSecretBodySchema, secretSchema } from '../http/schemas';
import type { PharmacyApiDeps } from './deps';
import { targetOrReply } from './endpoint-target';
import { endpointView } from './endpoint-view';
import { appendOrReply } from './endpoints';
import { parseOrReply } from './validate';

const TAGS = ['webhooks'];
const SECURITY = [{ apiKey: [] }];
const HOUR_MS = 3_600_000;

/** The secret that signs from now on: the one without an end (a rotation gives the previous one an end). */
function currentSecret(endpoint: WebhookEndpoint, now: Date): { secret: string; previousValidUntil?: string } | undefined {
  const current = endpoint.secrets.find((secret) => secret.validUntil === undefined) ?? endpoint.secrets.at(-1);
  if (current === undefined) return undefined;
  const previous = endpoint.secrets.find((secret) => secret !== current && secret.validUntil !== undefined && Date.parse(secret.validUntil) > now.getTime());
  return { secret: current.secret, ...(previous?.validUntil === undefined ? {} : { previousValidUntil: previous.validUntil }) };
}

/**
 * Where delivery must carry on when an endpoint is enabled after it fell behind what the feed keeps
 * (just before the oldest event kept), or undefined when nothing it has not had was dropped.
 */
function gapToAccept(deps: PharmacyApiDeps, endpoint: WebhookEndpoint): FeedPosition | undefined {
  const partition = deps.feed.partitionOf(endpoint.pharmacyOds);
  if (partition === undefined) return undefined;
  const cursor = endpointCursor(endpoint, partition, deps.attempts.cursorOf(endpoint.endpointId));
  if (deps.feed.complete(endpoint.pharmacyOds, partition, cursor)) return undefined;
  const oldest = deps.feed.oldest(endpoint.pharmacyOds);
  return oldest === undefined ? undefined : { partition, offset: (oldest.offset - 1n).toString() };
}

export function registerEndpointActionRoutes(api: FastifyInstance, deps: PharmacyApiDeps): void {
  const byId = { tags: TAGS, security: SECURITY, params: endpointIdParamsSchema };

  api.get(
    '/v1/webhooks/endpoints/:id/secret',
    { schema: { ...byId, summary: 'The current signing secret of an endpoint', response: { 200: secretSchema, 401: problemSchema, 404: problemSchema } } },
    async (request, reply) => {
      const target = targetOrReply(deps, request, reply);
      if (target === undefined) return reply;
      const current = currentSecret(target.endpoint, deps.now());
      if (current === undefined) throw new Error('endpoint without a secret');
      return reply.send({ ...current, secret: decryptSecret(current.secret, deps.secretKey) });
    },
  );

  api.post(
    '/v1/webhooks/endpoints/:id/rotate-secret',
    {
      schema: {
        ...byId,
        summary: 'Replace the signing secret; the previous one keeps signing too for overlapHours',
        body: rotateSecretBodySchema,
        response: { 200: secretSchema, 400: problemSchema, 401: problemSchema, 404: problemSchema, 503: problemSchema },
      },
    },
    async (request, reply) => {
      const target = targetOrReply(deps, request, reply);
      if (target === undefined) return reply;
      const body = parseOrReply(rotateSecretBodySchema, request.body ?? {}, reply, 'rotation');
      if (body === undefined) return reply;
      const now = deps.now();
      const secret = generateSecret();
      const previousValidUntil = new Date(now.getTime() + body.overlapHours * HOUR_MS).toISOString();
      const written = await appendOrReply(deps, reply, {
        kind: 'secret-rotated',
        endpointId: target.endpoint.endpointId,
        secret: encryptSecret(secret, deps.secretKey),
        previousValidUntil,
        at: now.toISOString(),
        actor: target.client.name,
      });
      if (!written) return reply;
      request.log.info({ endpointId: target.endpoint.endpointId, overlapHours: body.overlapHours }, 'webhook secret rotated');
      return reply.send({ secret, previousValidUntil });
    },
  );

  for (const action of ['enable', 'disable'] as const) {
    api.post(
      `/v1/webhooks/endpoints/:id/${action}`,
      {
        schema: {
          ...byId,
          summary:
            action === 'enable'
              ? 'Enable an endpoint (also one disabled after failing): delivery resumes where it stopped; only events no longer kept (the endpoint fell behind, as its disabled reason said) are skipped'
              : 'Disable an endpoint: nothing is sent until it is enabled again; events are kept for it meanwhile',
          response: { 200: endpointSchema, 401: problemSchema, 404: problemSchema, 503: problemSchema },
        },
      },
      async (request, reply) => {
        const target = targetOrReply(deps, request, reply);
        if (target === undefined) return reply;
        const { client, endpoint } = target;
        // Already in the state asked for: nothing to record (the request is idempotent).
        if (endpoint.status === (action === 'enable' ? 'enabled' : 'disabled')) return reply.send(endpointView(endpoint));
        const at = deps.now().toISOString();
        const resumeAfter = action === 'enable' ? gapToAccept(deps, endpoint) : undefined;
        const written = await appendOrReply(
          deps,
          reply,
          action === 'enable'
            ? { kind: 'enabled', endpointId: endpoint.endpointId, at, actor: client.name, ...(resumeAfter === undefined ? {} : { resumeAfter }) }
            : { kind: 'disabled', endpointId: endpoint.endpointId, reason: 'Disabled by its owner.', by: 'owner', at, actor: client.name },
        );
        if (!written) return reply;
        request.log.info({ endpointId: endpoint.endpointId }, action === 'enable' ? 'webhook endpoint enabled' : 'webhook endpoint disabled');
        return reply.send(endpointView(deps.registry.get(endpoint.endpointId) ?? endpoint));
      },
    );
  }

  api.get(
    '/v1/webhooks/endpoints/:id/attempts',
    {
      schema: {
        ...byId,
        summary: 'The latest delivery attempts to an endpoint, with status codes and the start of each response',
        querystring: attemptsQuerySchema,
        response: { 200: attemptListSchema, 400: problemSchema, 401: problemSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const target = targetOrReply(deps, request, reply);
      if (target === undefined) return reply;
      const query = parseOrReply(attemptsQuerySchema, request.query, reply, 'query');
      if (query === undefined) return reply;
      return reply.send({ attempts: [...deps.attempts.recent(target.endpoint.endpointId, query.limit)] });
    },
  );
}
