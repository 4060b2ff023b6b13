import { sendProblem } from '@firstsync/http-app';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { type ApiKeyVerifier, bearerToken } from '../auth/api-keys';
import type { RateLimiter } from '../rate-limit/token-bucket';
import { problems } from './problems';

const REALM = 'Bearer realm="firstsync-ingest"';

/**
 * onRequest hook: `Authorization: Bearer <key>` -> request.apiClient, else 401 (before the body is read).
 * Callback style (a hook that answers sends and does not call done): no promise per request.
 */
export function authenticate(verifier: ApiKeyVerifier) {
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    const token = bearerToken(request.headers.authorization);
    if (token === undefined) {
      sendProblem(reply, problems.unauthorized('Send an API key as Authorization: Bearer <key>.'), { 'www-authenticate': REALM });
      return;
    }
    const client = verifier.verify(token);
    if (client === undefined) {
      sendProblem(reply, problems.unauthorized('The API key is not valid.'), { 'www-authenticate': `${REALM}, error="invalid_token"` });
      return;
    }
    request.apiClient = client;
    done();
  };
}

/**
 * onRequest hook after authentication: one token per request, so a client over its rate is refused
 * before its body is parsed. A batch pays for its first item here and for each other item in its
 * handler (routes/batch.ts), once it knows how many there are.
 */
export function rateLimit(limiter: RateLimiter) {
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    if (request.apiClient === undefined) {
      done();
      return;
    }
    const result = limiter.take(request.apiClient.name);
    if (result.allowed) {
      done();
      return;
    }
    request.log.warn({ client: request.apiClient.name }, 'rate limit exceeded');
    sendProblem(reply, problems.rateLimited(result.retryAfterSeconds), { 'retry-after': String(result.retryAfterSeconds) });
  };
}
