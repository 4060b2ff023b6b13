import { STATUS_CODES } from 'node:http';
import { PROBLEM_CONTENT_TYPE, type Problem, type ProblemError } from '@firstsync/contracts';
import type { FastifyReply } from 'fastify';

/**
 * RFC 9457 problem details. Titles and details are fixed texts: they never quote what the client
 * sent (a body can carry an NHS number or a name), only field paths.
 */
const TYPE_PREFIX = 'urn:firstsync:problem:';

export function problem(status: number, slug: string, title: string, detail?: string, errors?: ProblemError[]): Problem {
  return {
    type: `${TYPE_PREFIX}${slug}`,
    title,
    status,
    ...(detail === undefined ? {} : { detail }),
    ...(errors === undefined ? {} : { errors }),
  };
}

/** The problems any HTTP service answers; a service spreads these into its own set. */
export const httpProblems = {
  invalidJson: (reason = 'The request body is not valid JSON.') =>
    problem(400, 'invalid-json', 'Malformed request body', reason, [{ path: '', message: 'is not valid JSON', code: 'invalid_json' }]),
  notFound: (detail = 'There is nothing at this address.') => problem(404, 'not-found', 'Not found', detail),
  methodNotAllowed: (allowed: readonly string[]) => problem(405, 'method-not-allowed', 'Method not allowed', `This address supports: ${allowed.join(', ')}.`),
  payloadTooLarge: (limitBytes: number) =>
    problem(413, 'payload-too-large', 'Request body too large', `The body may be at most ${limitBytes} bytes.`, [
      { path: '', message: `must be at most ${limitBytes} bytes`, code: 'too_big' },
    ]),
  unsupportedMediaType: () =>
    problem(415, 'unsupported-media-type', 'Unsupported content type', 'Send the body as application/json.', [
      { path: '', message: 'must be sent with Content-Type: application/json', code: 'unsupported_media_type' },
    ]),
  internal: () => problem(500, 'internal-error', 'Internal error', 'The request could not be completed. It is safe to retry.'),
  fromStatus: (status: number, title: string) => problem(status, 'http-error', title),
};

export function sendProblem(reply: FastifyReply, problem: Problem, headers: Record<string, string> = {}): FastifyReply {
  return reply.code(problem.status).headers(headers).type(PROBLEM_CONTENT_TYPE).send(problem);
}

/** An error that already knows the problem it is answered with (e.g. a body parser's refusal). */
export class ProblemCarryingError extends Error {
  readonly statusCode: number;
  constructor(readonly problem: Problem) {
    super(problem.title);
    this.statusCode = problem.status;
  }
}

/**
 * Errors raised before a handler runs (body parsing, limits, content type) -> problem details.
 * The error's own message is never copied: a JSON syntax error quotes the body it choked on.
 */
export function problemForError(error: { code?: string; statusCode?: number | undefined }, bodyLimit: number): Problem {
  if (error instanceof ProblemCarryingError) return error.problem;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return httpProblems.payloadTooLarge(bodyLimit);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return httpProblems.unsupportedMediaType();
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return httpProblems.invalidJson('The request body is empty.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return httpProblems.invalidJson();
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return httpProblems.invalidJson('The Content-Length header does not match the body.');
    default:
      break;
  }
  const status = error.statusCode;
  if (status !== undefined && status >= 400 && status < 500) return httpProblems.fromStatus(status, STATUS_CODES[status] ?? 'Client error');
  return httpProblems.internal();
}
