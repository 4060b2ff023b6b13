/**
 * The value, or a thrown error naming what was missing: for tests, in place of a non-null
 * assertion, so a missing value fails with a clear message instead of a TypeError further on.
 */
export function defined<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`expected ${what}, got ${value === null ? 'null' : 'undefined'}`);
  return value;
}
