import type { IncomingRecord } from './consumer';

/** One problem a schema found, by path; never the offending value (records may carry patient data). */
export interface DecodeIssue {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

/**
 * What decodeJson needs of a schema: a zod schema fits as it is. Typed structurally so this package
 * does not pin a zod version of its own.
 */
export interface RecordSchema<T> {
  safeParse(input: unknown):
    | { readonly success: true; readonly data: T }
    | {
        readonly success: false;
        readonly error: { readonly issues: ReadonlyArray<{ readonly path: ReadonlyArray<PropertyKey>; readonly code: string; readonly message: string }> };
      };
}

export type DecodeFailure =
  | { readonly ok: false; readonly reason: 'empty' }
  | { readonly ok: false; readonly reason: 'not-json' }
  | { readonly ok: false; readonly reason: 'invalid'; readonly issues: readonly DecodeIssue[] };

export type Decoded<T> = { readonly ok: true; readonly value: T } | DecodeFailure;

/**
 * A record's value as parsed JSON, or why not. The JSON parser's own message is dropped on purpose:
 * it quotes the payload.
 */
export function readJson(value: Buffer | null): Decoded<unknown> {
  if (value === null) return { ok: false, reason: 'empty' };
  try {
    return { ok: true, value: JSON.parse(value.toString('utf8')) as unknown };
  } catch {
    return { ok: false, reason: 'not-json' };
  }
}

/** Checks an already parsed value against a schema (for readers that look at the JSON first). */
export function decodeValue<T>(json: unknown, schema: RecordSchema<T>): Decoded<T> {
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    reason: 'invalid',
    issues: parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(root)', code: issue.code, message: issue.message })),
  };
}

/** A record's JSON value checked against its schema: typed on success, a reason (never payload text) otherwise. */
export function decodeJson<T>(record: Pick<IncomingRecord, 'value'>, schema: RecordSchema<T>): Decoded<T> {
  const json = readJson(record.value);
  return json.ok ? decodeValue(json.value, schema) : json;
}

/** A short human reason for logs and dead letters: the first few issue paths and messages. */
export function describeFailure(failure: DecodeFailure, limit = 5): string {
  if (failure.reason === 'empty') return 'record has no value';
  if (failure.reason === 'not-json') return 'record value is not JSON';
  return failure.issues
    .slice(0, limit)
    .map((issue) => `${issue.path}: ${issue.message}`)
    .join('; ');
}
