import type { FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken, type ApiKeyVerifier } from '../auth/api-keys';
import type { RateLimiter } from '../rate-limit/token-bucket';
import { problems } from './problems';
import { sendProblem } from './send-problem';

const REALM = 'Bearer realm="firstsync-ingest"';

/** onRequest hook: `Authorization: Bearer <key>` -> request.apiClient, else 401 (before the body is read). */
export function authenticate(verifier: ApiKeyVerifier) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const token = bearerToken(request.headers.authorization);
    if (token === undefined) {
      return sendProblem(reply, problems.unauthorized('Send an API key as Authorization: Bearer <key>.'), { 'www-authenticate': REALM });
    }
    const client = verifier.verify(token);
    if (client === undefined) {
      return sendProblem(reply, problems.unauthorized('The API key is not valid.'), { 'www-authenticate': `${REALM}, error="invalid_token"` });
    }
    request.apiClient = client;
    return undefined;
  };
}

/**
 * onRequest hook after authentication: one token per request (a batch counts once; its size is
 * bounded separately), so a client over its rate is refused before its body is parsed.
 */
export function rateLimit(limiter: RateLimiter) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.apiClient === undefined) return undefined;
    const result = limiter.take(request.apiClient.name);
    if (result.allowed) return undefined;
    request.log.warn({ client: request.apiClient.name }, 'rate limit exceeded');
    return sendProblem(reply, problems.rateLimited(result.retryAfterSeconds), { 'retry-after': String(result.retryAfterSeconds) });
  };
}
