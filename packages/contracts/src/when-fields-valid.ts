import type { z } from 'zod';

type FieldPath = readonly PropertyKey[];

function overlaps(issuePath: readonly PropertyKey[], field: FieldPath): boolean {
  const shared = Math.min(issuePath.length, field.length);
  for (let i = 0; i < shared; i++) if (issuePath[i] !== field[i]) return false;
  return true;
}

/**
 * `when` predicate for a cross-field refinement: run it as soon as the fields it reads are
 * valid, even if unrelated fields failed. zod's default skips every refinement once any
 * field fails, so a sender would fix one error, resubmit, and only then learn of the next.
 * Unknown-key issues do not make known fields unreadable, so they never block a rule.
 */
export function whenFieldsValid(...fields: FieldPath[]) {
  return (payload: z.core.ParsePayload): boolean => {
    if (typeof payload.value !== 'object' || payload.value === null) return false;
    return !payload.issues.some((issue) => issue.code !== 'unrecognized_keys' && fields.some((field) => overlaps(issue.path ?? [], field)));
  };
}
