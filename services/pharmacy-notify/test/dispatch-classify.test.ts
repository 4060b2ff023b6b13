import { describe, expect, it } from 'vitest';
import { classifyResult, errorKindOf, excerptOf } from '../src/dispatch/classify';

const response = (status: number, fields: { bodyBytes?: number; truncated?: boolean; excerpt?: string } = {}) =>
  ({ kind: 'response', status, bodyBytes: fields.bodyBytes ?? 2, truncated: fields.truncated ?? false, excerpt: fields.excerpt ?? 'ok' }) as const;

describe('classifyResult', () => {
  it('calls only a 2xx read within the limit delivered', () => {
    for (const status of [200, 201, 202, 204, 299]) expect(classifyResult(response(status))).toMatchObject({ outcome: 'delivered', status });
    expect(classifyResult(response(200))).not.toHaveProperty('error');
  });

  it('treats a redirect as a failure of its own, never followed', () => {
    for (const status of [301, 302, 303, 307, 308]) expect(classifyResult(response(status))).toMatchObject({ outcome: 'failed', error: 'redirect', status });
  });

  it('fails other statuses as http-status, keeping the status for the reason', () => {
    for (const status of [400, 404, 410, 429, 500, 503, 100])
      expect(classifyResult(response(status))).toMatchObject({ outcome: 'failed', error: 'http-status', status });
  });

  it('fails a body cut at the limit as response-too-large, even with a 2xx', () => {
    expect(classifyResult(response(200, { bodyBytes: 4096, truncated: true }))).toMatchObject({
      outcome: 'failed',
      error: 'response-too-large',
      responseBytes: 4096,
    });
  });

  it('maps blocked targets, timeouts and thrown errors', () => {
    expect(classifyResult({ kind: 'blocked', detail: 'loopback' })).toEqual({ outcome: 'failed', error: 'blocked-target' });
    expect(classifyResult({ kind: 'timeout' })).toEqual({ outcome: 'failed', error: 'timeout' });
    expect(classifyResult({ kind: 'error', error: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) })).toEqual({
      outcome: 'failed',
      error: 'connection',
    });
  });

  it('records the response size and a short excerpt', () => {
    const verdict = classifyResult(response(500, { bodyBytes: 1000, excerpt: `${'e'.repeat(1000)}` }));
    expect(verdict.responseBytes).toBe(1000);
    expect(verdict.responseExcerpt?.length).toBe(256);
    expect(classifyResult(response(204, { bodyBytes: 0, excerpt: '' }))).not.toHaveProperty('responseExcerpt');
  });
});

describe('errorKindOf', () => {
  it('recognises TLS failures by code, on the error or its cause', () => {
    expect(errorKindOf(Object.assign(new Error('x'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }))).toBe('tls');
    expect(errorKindOf(Object.assign(new Error('x'), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' }))).toBe('tls');
    expect(errorKindOf(new Error('x', { cause: Object.assign(new Error('y'), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }) }))).toBe('tls');
  });

  it("calls the TCP stack's timeout a timeout and anything else a connection failure", () => {
    expect(errorKindOf(Object.assign(new Error('x'), { code: 'ETIMEDOUT' }))).toBe('timeout');
    expect(errorKindOf(new Error('x', { cause: Object.assign(new Error('y'), { code: 'ETIMEDOUT' }) }))).toBe('timeout');
    expect(errorKindOf(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe('connection');
    expect(errorKindOf('not even an error')).toBe('connection');
    expect(errorKindOf(null)).toBe('connection');
  });
});

describe('excerptOf', () => {
  it('keeps one printable line and masks NHS-number-like runs', () => {
    expect(excerptOf('line one\r\n\tline\u0000two')).toBe('line one line two');
    expect(excerptOf('patient 943 476 5919 unknown')).not.toContain('943 476 5919');
  });
});
