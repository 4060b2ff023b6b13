import type { ConsultationInput } from '@firstsync/contracts';

/** A consultation as plain JSON that a test may break in any way. */
export type Draft = Record<string, unknown>;

/** [dot path, value]; `undefined` removes the member. Numeric segments index arrays. */
export type Edit = readonly [path: string, value: unknown];

export function toDraft(consultation: ConsultationInput): Draft {
  return JSON.parse(JSON.stringify(consultation)) as Draft;
}

export function applyEdits(base: Draft, edits: readonly Edit[]): Draft {
  const draft = structuredClone(base);
  for (const [path, value] of edits) {
    const segments = path.split('.');
    const last = segments.pop();
    if (last === undefined) throw new Error('empty path');
    let node: unknown = draft;
    for (const segment of segments) {
      node = (node as Record<string, unknown>)[segment];
      if (typeof node !== 'object' || node === null) throw new Error(`no object at ${segment} of ${path}`);
    }
    const parent = node as Record<string, unknown>;
    if (value === undefined) delete parent[last];
    else parent[last] = value;
  }
  return draft;
}
