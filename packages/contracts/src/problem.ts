import { z } from 'zod';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const problemErrorSchema = z.object({
  /** Dot-joined field path, e.g. `patient.nhsNumber` or `observations.2.systolic`; '' is the body. */
  path: z.string(),
  message: z.string(),
  code: z.string().optional(),
});
export type ProblemError = z.infer<typeof problemErrorSchema>;

/**
 * RFC 9457 problem details. Not strict: RFC 9457 lets problem types add extension members,
 * and clients must ignore ones they do not know.
 */
export const problemSchema = z.object({
  type: z.string().min(1),
  title: z.string().min(1),
  status: z.int().min(100).max(599),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z.array(problemErrorSchema).optional(),
});
export type Problem = z.infer<typeof problemSchema>;

/** The `path` of a problem error: member names and indexes joined with dots ('' is the body). */
export function problemErrorPath(path: readonly PropertyKey[]): string {
  return path.map((segment) => String(segment)).join('.');
}

/**
 * zod issues -> problem `errors`. Only path, message and code are copied: never `input` or any
 * other part of the issue, so no submitted value (NHS number, name...) can leak into a response
 * or a log. An unknown-keys issue becomes one error per key, at the key's own path.
 */
export function zodIssuesToProblemErrors(issues: readonly z.core.$ZodIssue[]): ProblemError[] {
  return issues.flatMap((issue): ProblemError[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: problemErrorPath([...issue.path, key]),
        message: 'is not a field of this contract',
        code: issue.code,
      }));
    }
    return [{ path: problemErrorPath(issue.path), message: issue.message, code: codeOf(issue) }];
  });
}

/** A custom check names its rule in `params.code` (e.g. text-rules.ts): that is the more useful code. */
function codeOf(issue: z.core.$ZodIssue): string {
  const rule: unknown = issue.code === 'custom' ? issue.params?.code : undefined;
  return typeof rule === 'string' ? rule : issue.code;
}
