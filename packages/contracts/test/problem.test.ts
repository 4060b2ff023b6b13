import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fixtures } from '../src/fixtures';
import { problemSchema, zodIssuesToProblemErrors } from '../src/index';
import { schemaAtFixtureTime } from './support/consultation-cases';
import { edit } from './support/edit';

describe('problemSchema', () => {
  it('accepts an RFC 9457 body with field errors', () => {
    const body = {
      type: 'https://firstsync.example/problems/validation',
      title: 'The consultation is not valid',
      status: 422,
      detail: '2 fields are invalid',
      instance: '/v1/consultations',
      errors: [{ path: 'patient.nhsNumber', message: 'must be a valid NHS number (Mod 11 check failed)', code: 'custom' }],
    };
    expect(problemSchema.parse(body)).toEqual(body);
  });

  it('tolerates extension members (RFC 9457 allows them)', () => {
    expect(problemSchema.safeParse({ type: 'about:blank', title: 'Not Found', status: 404, retryAfter: 3 }).success).toBe(true);
  });

  it.each([
    ['status out of range', { type: 'about:blank', title: 'x', status: 99 }],
    ['missing title', { type: 'about:blank', status: 400 }],
    ['error without path', { type: 'about:blank', title: 'x', status: 400, errors: [{ message: 'm' }] }],
  ])('rejects %s', (_name, body) => {
    expect(problemSchema.safeParse(body).success).toBe(false);
  });
});

describe('zodIssuesToProblemErrors', () => {
  it('joins paths with dots, array indexes included', () => {
    const result = schemaAtFixtureTime.safeParse(edit(fixtures.infectedInsectBite, { 'observations.1.diastolic': 500 }));
    expect(zodIssuesToProblemErrors(result.error?.issues ?? [])).toEqual([
      { path: 'observations.1.diastolic', message: 'must be between 20 and 300 mmHg', code: 'too_big' },
    ]);
  });

  it('splits unknown keys into one error per key at the key path, and a root issue has path ""', () => {
    const schema = z.strictObject({ a: z.strictObject({ b: z.string() }) });
    const issues = schema.safeParse({ a: { b: 'x', c: 1, d: 2 }, e: 3 }).error?.issues ?? [];
    expect(
      zodIssuesToProblemErrors(issues)
        .map((e) => e.path)
        .sort(),
    ).toEqual(['a.c', 'a.d', 'e']);
    const rootIssues = z.string().safeParse(1).error?.issues ?? [];
    expect(zodIssuesToProblemErrors(rootIssues)[0]?.path).toBe('');
  });

  it('copies nothing but path, message and code (never the input, even if zod reported it)', () => {
    const issues = z.strictObject({ nhs: z.string().length(10) }).safeParse({ nhs: '943476591' }, { reportInput: true }).error?.issues ?? [];
    expect(issues[0]).toHaveProperty('input');
    const errors = zodIssuesToProblemErrors(issues);
    expect(Object.keys(errors[0] ?? {}).sort()).toEqual(['code', 'message', 'path']);
    expect(JSON.stringify(errors)).not.toContain('943476591');
  });
});
