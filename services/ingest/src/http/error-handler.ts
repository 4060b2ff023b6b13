import { STATUS_CODES } from 'node:http';
import type { Problem } from '@firstsync/contracts';
import type { FastifyError, FastifyInstance } from 'fastify';
import { BodyProblemError } from './json-body';
import { problems } from './problems';
import { sendProblem } from './send-problem';

/**
 * Errors raised before a handler runs (body parsing, limits, content type) -> problem details.
 * A body the strict parser refused arrives with its problem already made (json-body.ts).
 * The error's own message is never copied: a JSON syntax error quotes the body it choked on.
 */
export function problemForError(error: Pick<FastifyError, 'code' | 'statusCode'>, bodyLimit: number): Problem {
  if (error instanceof BodyProblemError) return error.problem;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problems.payloadTooLarge(bodyLimit);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problems.unsupportedMediaType();
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problems.invalidJson('The request body is empty.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return problems.invalidJson();
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return problems.invalidJson('The Content-Length header does not match the body.');
    default:
      break;
  }
  const status = error.statusCode;
  if (status !== undefined && status >= 400 && status < 500) return problems.fromStatus(status, STATUS_CODES[status] ?? 'Client error');
  return problems.internal();
}

export function registerErrorHandling(app: FastifyInstance, { bodyLimit }: { bodyLimit: number }): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const limit = request.routeOptions.bodyLimit ?? bodyLimit;
    const problem = problemForError(error, limit);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.debug({ code: error.code, statusCode: problem.status }, 'request rejected');
    return sendProblem(reply, problem);
  });
  app.setNotFoundHandler((_request, reply) => sendProblem(reply, problems.notFound()));
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/**
 * Fastify answers 404 for a known address with an unsupported method; the contract wants 405
 * with an Allow header, so the other methods are routed explicitly (hidden from the OpenAPI).
 */
export function registerMethodNotAllowed(app: FastifyInstance, url: string, allowed: readonly (typeof METHODS)[number][]): void {
  const allow = allowed.includes('GET') && !allowed.includes('HEAD') ? [...allowed, 'HEAD'] : [...allowed];
  const others = METHODS.filter((method) => !allow.includes(method));
  app.route({
    method: others,
    url,
    schema: { hide: true },
    handler: (_request, reply) => sendProblem(reply, problems.methodNotAllowed(allow), { allow: allow.join(', ') }),
  });
}
