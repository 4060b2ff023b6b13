import { sendProblem } from '@firstsync/http-app';
import type { ApiClient } from '@firstsync/pharmacy-api-keys';
import type { WebhookEndpoint } from '@firstsync/pharmacy-events';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { problems } from '../http/problems';
import type { PharmacyApiDeps } from './deps';
import { ownedEndpoint } from './endpoint-view';

/** The authenticated client, or undefined with a 401 sent (the hook normally answers first). */
export function clientOrReply(request: FastifyRequest, reply: FastifyReply): ApiClient | undefined {
  if (request.apiClient === undefined) void sendProblem(reply, problems.unauthorized('Send an API key as Authorization: Bearer <key>.'));
  return request.apiClient;
}

/**
 * The client and the endpoint named by `:id`, or undefined with 401/404 sent. An endpoint of another
 * pharmacy is answered exactly like an unknown one: its existence is not disclosed.
 */
export function targetOrReply(
  deps: Pick<PharmacyApiDeps, 'registry'>,
  request: FastifyRequest,
  reply: FastifyReply,
): { client: ApiClient; endpoint: WebhookEndpoint } | undefined {
  const client = clientOrReply(request, reply);
  if (client === undefined) return undefined;
  const { id } = request.params as { id: string };
  const endpoint = ownedEndpoint(deps.registry.get(id), client.pharmacyOds);
  if (endpoint === undefined) {
    void sendProblem(reply, problems.endpointNotFound());
    return undefined;
  }
  return { client, endpoint };
}
