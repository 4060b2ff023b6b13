import { validateHeaderName, validateHeaderValue } from 'node:http';
import { describe, expect, it } from 'vitest';
import { messageFault } from '../src/transport/message-fault';

/** The error a function throws (Node's and undici's own refusals, as production meets them). */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('nothing thrown');
}

describe('messageFault: a PII-free reason for a send that failed on our side', () => {
  it.each([
    ['Node: U+2019 in a header value', () => validateHeaderValue('mex-subject', 'O’SULLIVAN'), 'the mex-subject header'],
    ['Node: DEL in a header value', () => validateHeaderValue('mex-to', 'GPPROVIDER_X\u007f'), 'the mex-to header'],
    ['Node: a header name that is not a token', () => validateHeaderName('mex subject'), 'header'],
    ['undici: outside Latin-1', () => new Headers({ 'x-correlation-id': 'Nguyễn' }), 'a header'],
    ['undici: a line break (its own message quotes the value)', () => new Headers({ 'x-correlation-id': 'NGUYEN\r\nX-Evil: 1' }), 'a header'],
  ])('%s -> unencodable-header, naming the header and never the value', (_label, fn, which) => {
    const outcome = messageFault(thrownBy(fn), 'request', 3);
    expect(outcome).toMatchObject({ kind: 'message-fault', code: 'unencodable-header', durationMs: 3 });
    expect(outcome.message).toContain(which);
    expect(outcome.message).toContain('nothing was sent');
    expect(outcome.message).not.toMatch(/SULLIVAN|NGUYEN|Nguyễn|Evil|GPPROVIDER/i);
  });

  it('names the stage, the error name and code, never the error text', () => {
    const outcome = messageFault(Object.assign(new TypeError('Do not know how to serialize a BigInt at 9434765919'), { code: 'SOME_CODE' }), 'body', 1);
    expect(outcome).toEqual({
      kind: 'message-fault',
      code: 'unserialisable-body',
      message: 'the message body could not be serialised (TypeError SOME_CODE); nothing was sent; dead-lettered for an operator, not retried',
      durationMs: 1,
    });
  });

  it('copes with things thrown that are not errors', () => {
    expect(messageFault('O’Sullivan', 'internal', 0)).toMatchObject({
      kind: 'message-fault',
      code: 'internal-error',
      message: expect.not.stringContaining('Sullivan'),
    });
    expect(messageFault(undefined, 'summary', 0)).toMatchObject({ code: 'unreadable-message' });
  });
});
