import { sendProblem } from '@firstsync/http-app';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { RateLimiter } from '../rate-limit/token-bucket';
import { problems } from './problems';

// Authentication itself (the Bearer hook) is @firstsync/pharmacy-api-keys' `authenticate`, shared with pharmacy-notify.

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
