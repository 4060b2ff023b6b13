import { problem, sendProblem } from '@firstsync/http-app';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { type ApiClient, type ApiKeyVerifier, bearerToken } from './api-keys';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated API key's client (set by the authentication hook on the routes it guards). */
    apiClient: ApiClient | undefined;
  }
}

/** The 401 every pharmacy API answers; a service also lists it in its own problem set. */
export const unauthorizedProblem = (detail: string) => problem(401, 'unauthorized', 'Authentication required', detail);

export const MISSING_KEY_DETAIL = 'Send an API key as Authorization: Bearer <key>.';

/**
 * onRequest hook: `Authorization: Bearer <key>` -> request.apiClient, else 401 (before the body is read).
 * Callback style (a hook that answers sends and does not call done): no promise per request.
 * `realm` names the service in the WWW-Authenticate challenge. The app must decorate `apiClient`
 * (decorateApiClient) so every request object has the same shape.
 */
export function authenticate(verifier: ApiKeyVerifier, realm: string) {
  const challenge = `Bearer realm="${realm}"`;
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    const token = bearerToken(request.headers.authorization);
    if (token === undefined) {
      sendProblem(reply, unauthorizedProblem(MISSING_KEY_DETAIL), { 'www-authenticate': challenge });
      return;
    }
    const client = verifier.verify(token);
    if (client === undefined) {
      sendProblem(reply, unauthorizedProblem('The API key is not valid.'), { 'www-authenticate': `${challenge}, error="invalid_token"` });
      return;
    }
    request.apiClient = client;
    done();
  };
}

/** Declares `request.apiClient` on an app (undefined until the hook sets it). */
export function decorateApiClient(app: FastifyInstance): void {
  app.decorateRequest('apiClient', undefined);
}
