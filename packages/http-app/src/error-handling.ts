import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { httpProblems, problemForError, sendProblem } from './problems';

/** How a service answers errors, unknown addresses and requests Fastify cannot route at all. */
export interface ErrorAnswers {
  frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void;
  error(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply | Promise<FastifyReply>;
  notFound(request: FastifyRequest, reply: FastifyReply): FastifyReply | Promise<FastifyReply>;
}

/** The default: problem+json for everything, never Fastify's body (which quotes the error text). */
export function problemJsonAnswers(bodyLimit: number): ErrorAnswers {
  return {
    // Malformed URLs are answered by Fastify before any hook; keep them problem+json too.
    frameworkErrors: (_error, _request, reply) => {
      void sendProblem(reply, httpProblems.fromStatus(400, 'Bad Request'));
    },
    error: (error, request, reply) => {
      const problem = problemForError(error, request.routeOptions.bodyLimit ?? bodyLimit);
      if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
      else request.log.debug({ code: error.code, statusCode: problem.status }, 'request rejected');
      return sendProblem(reply, problem);
    },
    notFound: (_request, reply) => sendProblem(reply, httpProblems.notFound()),
  };
}

export function registerErrorAnswers(app: FastifyInstance, answers: ErrorAnswers): void {
  app.setErrorHandler((error: FastifyError, request, reply) => answers.error(error, request, reply));
  app.setNotFoundHandler((request, reply) => answers.notFound(request, reply));
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/**
 * Fastify answers 404 for a known address with an unsupported method; a contract that wants 405
 * with an Allow header routes the other methods explicitly (hidden from the OpenAPI).
 */
export function registerMethodNotAllowed(app: FastifyInstance, url: string, allowed: readonly (typeof METHODS)[number][]): void {
  const allow = allowed.includes('GET') && !allowed.includes('HEAD') ? [...allowed, 'HEAD'] : [...allowed];
  const others = METHODS.filter((method) => !allow.includes(method));
  app.route({
    method: others,
    url,
    schema: { hide: true },
    handler: (_request, reply) => sendProblem(reply, httpProblems.methodNotAllowed(allow), { allow: allow.join(', ') }),
  });
}
