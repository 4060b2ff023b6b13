import type { ErrorAnswers } from '@firstsync/http-app';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorPage } from '../views/login-page';
import { renderPage } from './render';
import { problem, wantsJson } from './session-plugin';

function answer(request: FastifyRequest, reply: FastifyReply, status: number, title: string, message: string): FastifyReply {
  if (wantsJson(request)) return problem(reply, status, title);
  return renderPage(request, reply, { title, status, body: errorPage(title, message) });
}

/**
 * 404s and errors for every route, static assets included, and for requests Fastify cannot route
 * at all (a path that is not valid UTF-8): our own page, or a problem for API and JSON clients.
 */
export const dashboardErrorAnswers: ErrorAnswers = {
  frameworkErrors(error, request, reply) {
    request.log.warn({ code: error.code }, 'request rejected before routing');
    answer(request, reply, 400, 'Bad request', 'The address could not be understood.');
  },
  notFound: (request, reply) => answer(request, reply, 404, 'Page not found', 'Check the address, or start from the overview.'),
  error(error, request, reply) {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.warn({ code: error.code, status }, 'request rejected');
    const title = status >= 500 ? 'Something went wrong' : status === 413 ? 'Request too large' : status === 415 ? 'Unsupported content type' : 'Bad request';
    return answer(
      request,
      reply,
      status,
      title,
      status >= 500 ? 'The dashboard could not complete the request. Try again shortly.' : 'The request could not be understood.',
    );
  },
};
