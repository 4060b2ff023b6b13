import { describe, expect, it } from 'vitest';
import { classifyExchange, type HttpExchange } from '../src/transport/fhir-rest/classify-response';
import { exchangeFromThrown } from '../src/transport/fhir-rest/fhir-rest-transport';

const outcome = (severity: string, code: string, diagnostics?: string) => ({
  resourceType: 'OperationOutcome',
  issue: [{ severity, code, ...(diagnostics ? { diagnostics } : {}) }],
});
const response = (status: number, body: unknown): HttpExchange => ({ kind: 'response', status, body });
const responseMessage = (code: string) => ({
  resourceType: 'Bundle',
  type: 'message',
  entry: [{ resource: { resourceType: 'MessageHeader', response: { code } } }],
});

describe('classifyExchange', () => {
  it.each([
    ['200 with an informational outcome', response(200, outcome('information', 'informational', 'Message accepted')), 'delivered', '200'],
    ['202 with an empty body', response(202, undefined), 'delivered', '202'],
    ['200 duplicate', response(200, outcome('information', 'duplicate')), 'duplicate', 'duplicate'],
    ['409 duplicate', response(409, outcome('error', 'duplicate')), 'duplicate', 'duplicate'],
    ['503', response(503, outcome('error', 'transient', 'Simulated outage')), 'retryable', '503'],
    ['500 without a body', response(500, undefined), 'retryable', '500'],
    ['429', response(429, undefined), 'retryable', '429'],
    ['408', response(408, undefined), 'retryable', '408'],
    ['422 with an error outcome', response(422, outcome('error', 'invalid', 'Patient record locked')), 'permanent', '422'],
    ['400 without an outcome', response(400, 'Bad request'), 'permanent', '400'],
    ['200 whose outcome carries an error', response(200, outcome('error', 'processing', 'Not filed')), 'permanent', '200'],
    ['200 with a page that is not FHIR', response(200, '<html>proxy</html>'), 'retryable', 'unreadable-response'],
    ['response message transient-error', response(200, responseMessage('transient-error')), 'retryable', 'transient-error'],
    ['response message fatal-error', response(200, responseMessage('fatal-error')), 'permanent', 'fatal-error'],
    ['response message ok', response(200, responseMessage('ok')), 'delivered', '200'],
  ])('%s -> %s', (_label, exchange, kind, code) => {
    expect(classifyExchange(exchange, 12)).toMatchObject({ kind, code, durationMs: 12 });
  });

  it('puts the receiver diagnostics into the message', () => {
    expect(classifyExchange(response(422, outcome('error', 'invalid', 'Patient record locked')), 1).message).toBe('invalid: Patient record locked');
  });

  it('scrubs NHS numbers a receiver put into its diagnostics', () => {
    const { message } = classifyExchange(response(422, outcome('error', 'invalid', 'Patient 943 476 5919 unknown')), 1);
    expect(message).not.toContain('943 476 5919');
    expect(message).toContain('REDACTED');
  });

  it.each([
    ['a timeout', new DOMException('timed out', 'TimeoutError'), 'timeout'],
    ['an abort at shutdown', new DOMException('aborted', 'AbortError'), 'aborted'],
    ['a refused connection', Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }), 'ECONNREFUSED'],
    ['undici headers timeout', Object.assign(new TypeError('fetch failed'), { cause: { code: 'UND_ERR_HEADERS_TIMEOUT' } }), 'timeout'],
    ['a reset mid-body', Object.assign(new TypeError('terminated'), { cause: { code: 'UND_ERR_SOCKET' } }), 'UND_ERR_SOCKET'],
    ['a network failure without a coded cause', new TypeError('fetch failed'), 'network-error'],
  ])('treats %s as retryable', (_label, error, code) => {
    expect(classifyExchange({ kind: 'error', error }, 5)).toMatchObject({ kind: 'retryable', code });
  });

  /** What undici itself throws while fhir-kit-client builds the request's Headers (before any byte leaves). */
  function refusedHeader(value: string): unknown {
    try {
      new Headers({ 'x-correlation-id': value });
    } catch (error) {
      return error;
    }
    throw new Error('undici accepted the header value');
  }

  it.each([
    ['a character above U+00FF (issue #18: O’Sullivan)', 'O’Sullivan', 'unencodable-header'],
    ['a line break', 'O\nSullivan', 'unencodable-header'],
  ])('treats a header undici refuses (%s) as a message fault, never quoting the value', (_label, value, code) => {
    const outcome = classifyExchange({ kind: 'error', error: refusedHeader(value) }, 2);
    expect(outcome).toMatchObject({ kind: 'message-fault', code });
    expect(outcome.message).not.toMatch(/Sullivan/);
  });

  it('treats anything else thrown before a response (a bug on our side) as a message fault', () => {
    expect(classifyExchange({ kind: 'error', error: new RangeError('Invalid array length') }, 1)).toMatchObject({
      kind: 'message-fault',
      code: 'request-build-failed',
      message: expect.stringContaining('RangeError'),
    });
  });
});

describe('exchangeFromThrown', () => {
  it('reads the plain object fhir-kit-client throws for a non-2xx answer', () => {
    expect(exchangeFromThrown({ response: { status: 503, data: { resourceType: 'OperationOutcome', issue: [] } } })).toEqual({
      kind: 'response',
      status: 503,
      body: { resourceType: 'OperationOutcome', issue: [] },
    });
  });

  it('keeps anything else as an error', () => {
    const error = new Error('boom');
    expect(exchangeFromThrown(error)).toEqual({ kind: 'error', error });
  });
});
