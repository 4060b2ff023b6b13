import { describe, expect, it } from 'vitest';
import { classifySmtpError, fallbackRoute } from '../src/transport/nhsmail';
import type { Route } from '../src/transport/port';

// Error shapes as nodemailer throws them (code, responseCode, command, errno).
describe('classifySmtpError', () => {
  it.each([
    [{ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO', response: '550 5.1.1 <someone@nhs.net> unknown' }, 'permanent', 'smtp-550'],
    [{ code: 'EMESSAGE', responseCode: 552, command: 'DATA' }, 'permanent', 'smtp-552'],
    [{ code: 'EENVELOPE', responseCode: 451, command: 'RCPT TO' }, 'retryable', 'smtp-451'],
    [{ code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN' }, 'retryable', 'smtp-auth'],
    [{ code: 'ESOCKET', errno: -111, syscall: 'connect', command: 'CONN' }, 'retryable', 'ECONNREFUSED'],
    [{ code: 'ETIMEDOUT', command: 'CONN' }, 'retryable', 'ETIMEDOUT'],
    [new Error('boom'), 'retryable', 'smtp-error'],
  ] as const)('%o -> %s %s', (error, kind, code) => {
    const outcome = classifySmtpError(error, 12);
    expect(outcome).toMatchObject({ kind, code, durationMs: 12 });
  });

  it('never repeats the server reply (it can quote recipient addresses)', () => {
    const outcome = classifySmtpError({ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO', response: '550 <jane.smith@nhs.net> unknown' }, 1);
    expect(outcome.message).not.toContain('jane.smith');
  });
});

describe('fallbackRoute', () => {
  const mesh: Route = { practiceOds: 'A81001', transport: 'mesh', concurrency: 2, source: 'practice' };

  it('sends to the practice NHSmail mailbox when the directory has one', () => {
    expect(fallbackRoute({ ...mesh, nhsmailAddress: 'a81001.practice@nhs.net' })).toEqual({ kind: 'send', route: { ...mesh, transport: 'nhsmail', nhsmailAddress: 'a81001.practice@nhs.net' } });
  });

  it('parks for an operator when it has none', () => {
    expect(fallbackRoute(mesh)).toMatchObject({ kind: 'park', reason: 'no-nhsmail-address' });
  });
});
