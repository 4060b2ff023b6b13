import { PROBLEM_CONTENT_TYPE, type Problem } from '@firstsync/contracts';
import type { FastifyReply } from 'fastify';

export function sendProblem(reply: FastifyReply, problem: Problem, headers: Record<string, string> = {}): FastifyReply {
  return reply.code(problem.status).headers(headers).type(PROBLEM_CONTENT_TYPE).send(problem);
}
