import { describe, expect, it } from 'vitest';
import { decodeJson, describeFailure, type RecordSchema } from '../src/decode';

// A hand-written schema with zod's safeParse shape: this package does not depend on zod.
const idSchema: RecordSchema<{ id: string }> = {
  safeParse(input) {
    const id = (input as { id?: unknown } | null)?.id;
    if (typeof id === 'string') return { success: true, data: { id } };
    return { success: false, error: { issues: [{ path: ['id'], code: 'invalid_type', message: 'expected string' }] } };
  },
};

const record = (text: string | null) => ({ value: text === null ? null : Buffer.from(text, 'utf8') });

describe('decodeJson', () => {
  it('returns the typed value of a record that meets the schema', () => {
    expect(decodeJson(record('{"id":"a"}'), idSchema)).toEqual({ ok: true, value: { id: 'a' } });
  });

  it('names an empty value and a value that is not JSON, without quoting the payload', () => {
    expect(decodeJson(record(null), idSchema)).toEqual({ ok: false, reason: 'empty' });
    const notJson = decodeJson(record('{"nhsNumber":"9434765919"'), idSchema);
    expect(notJson).toEqual({ ok: false, reason: 'not-json' });
    expect(JSON.stringify(notJson)).not.toContain('9434765919');
  });

  it('lists the schema issues by path', () => {
    const failed = decodeJson(record('{"id":9434765919}'), idSchema);
    expect(failed).toEqual({ ok: false, reason: 'invalid', issues: [{ path: 'id', code: 'invalid_type', message: 'expected string' }] });
    if (failed.ok) throw new Error('expected a failure');
    expect(describeFailure(failed)).toBe('id: expected string');
    expect(JSON.stringify(failed)).not.toContain('9434765919');
  });
});
