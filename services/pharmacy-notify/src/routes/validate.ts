import { zodIssuesToProblemErrors } from '@firstsync/contracts';
import { sendProblem } from '@firstsync/http-app';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { problems } from '../http/problems';

/**
 * Validates a body, query or params with its zod schema; on failure answers 400 naming each field
 * path (never the value) and returns undefined. Validation is done here rather than by Fastify so
 * every refusal is this API's problem+json.
 */
export function parseOrReply<S extends z.ZodType>(schema: S, input: unknown, reply: FastifyReply, what: string): z.output<S> | undefined {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  void sendProblem(
    reply,
    problems.invalidRequest(`The ${what} does not meet the contract; see errors for each field to correct.`, zodIssuesToProblemErrors(parsed.error.issues)),
  );
  return undefined;
}
