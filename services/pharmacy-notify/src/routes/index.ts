import { sendProblem } from '@firstsync/http-app';
import { type ApiKeyVerifier, authenticate } from '@firstsync/pharmacy-api-keys';
import type { FastifyInstance } from 'fastify';
import { problems, UNAVAILABLE_RETRY_AFTER_SECONDS } from '../http/problems';
import type { PharmacyApiDeps } from './deps';
import { registerEndpointActionRoutes } from './endpoint-actions';
import { registerEndpointRoutes } from './endpoints';
import { registerEventRoutes } from './events';

export type { PharmacyApiDeps } from './deps';

/** The pharmacy API under /v1: API key first, then 503 until the views have caught up with Kafka. */
export function registerPharmacyApi(app: FastifyInstance, deps: PharmacyApiDeps, verifier: ApiKeyVerifier): void {
  void app.register(async (api) => {
    api.addHook('onRequest', authenticate(verifier, 'firstsync-pharmacy-notify'));
    api.addHook('onRequest', (_request, reply, done) => {
      // Before the views are read to their end, an answer could miss an endpoint or an event.
      if (deps.ready()) done();
      else sendProblem(reply, problems.starting(), { 'retry-after': String(UNAVAILABLE_RETRY_AFTER_SECONDS) });
    });
    registerEndpointRoutes(api, deps);
    registerEndpointActionRoutes(api, deps);
    registerEventRoutes(api, deps);
  });
}
