import { type Problem, type ProblemError, problemErrorPath } from '@firstsync/contracts';
import { ProblemCarryingError } from '@firstsync/http-app';
import type { FastifyInstance } from 'fastify';
import type { AmbiguousMember } from '../json/member-scan';
import { parseStrictJson, type StrictJsonFailure } from '../json/strict-json';
import { problems } from './problems';

const MEMBER_MESSAGES: Record<AmbiguousMember['kind'], string> = {
  duplicate_key: 'appears more than once in the same object',
  forbidden_key: 'is a member name refused anywhere in a body (prototype poisoning)',
};

export function problemForBody(failure: StrictJsonFailure): Problem {
  switch (failure.kind) {
    case 'empty':
      return problems.invalidJson('The request body is empty.');
    case 'invalid_utf8':
      return problems.invalidUtf8(failure.byteOffset);
    case 'invalid_json':
      return problems.invalidJson();
    case 'ambiguous':
      return problems.ambiguousJson(
        failure.members.map((member): ProblemError => ({ path: problemErrorPath(member.path), message: MEMBER_MESSAGES[member.kind], code: member.kind })),
      );
  }
}

/**
 * application/json bodies are read as bytes and parsed strictly (json/strict-json.ts) instead of
 * by Fastify's parser, which decodes invalid UTF-8 to U+FFFD and lets the last duplicate member win.
 * The body limits (per route) still apply while the bytes are read.
 */
export function registerStrictJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    const result = parseStrictJson(body as Buffer);
    if (result.ok) done(null, result.value);
    else done(new ProblemCarryingError(problemForBody(result.failure)), undefined);
  });
}
