import { describe, expect, it } from 'vitest';
import { fallbackFor, fallbackResult } from '../src/handlers/fallback-decision';
import type { PracticeDirectory } from '../src/routing/practice-directory';
import { classifySmtpError, fallbackRoute } from '../src/transport/nhsmail';
import type { Route } from '../src/transport/port';
import { gpMessage } from './support/messages';

// Error shapes as nodemailer throws them (code, responseCode, command, errno).
describe('classifySmtpError', () => {
  it.each([
    [{ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO', response: '550 5.1.1 <someone@nhs.net> unknown' }, 'permanent', 'smtp-550'],
    [{ code: 'EMESSAGE', responseCode: 552, command: 'DATA' }, 'permanent', 'smtp-552'],
    [{ code: 'EENVELOPE', responseCode: 451, command: 'RCPT TO' }, 'retryable', 'smtp-451'],
    [{ code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN' }, 'retryable', 'smtp-auth'],
    [{ code: 'ESOCKET', errno: -111, syscall: 'connect', command: 'CONN' }, 'retryable', 'ECONNREFUSED'],
    [{ code: 'ETIMEDOUT', command: 'CONN' }, 'retryable', 'ETIMEDOUT'],
    // Refused by nodemailer itself before the relay was asked: the message's fault, not the practice's.
    [{ code: 'EENVELOPE', command: 'API' }, 'message-fault', 'request-build-failed'],
    [{ code: 'ESTREAM', command: 'API' }, 'message-fault', 'request-build-failed'],
    [new Error('boom'), 'message-fault', 'request-build-failed'],
  ] as const)('%o -> %s %s', (error, kind, code) => {
    const outcome = classifySmtpError(error, 12);
    expect(outcome).toMatchObject({ kind, code, durationMs: 12 });
  });

  it('never repeats the server reply (it can quote recipient addresses)', () => {
    const outcome = classifySmtpError({ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO', response: '550 <jane.smith@nhs.net> unknown' }, 1);
    expect(outcome.message).not.toContain('jane.smith');
  });
});

describe('fallbackFor: patient data only to the practice’s own mailbox (issue #18)', () => {
  // A directory with a shared mailbox on its default route, as the old demo configuration had it:
  // start-up refuses it now, and the fallback must ignore it even if one got through.
  const directory: PracticeDirectory = {
    default: { transport: 'mesh', enabled: true, nhsmailAddress: 'unlisted.practice@nhs.test' },
    practices: { A81001: { transport: 'mesh', enabled: true, nhsmailAddress: 'a81001.practice@nhs.test' }, B82002: { transport: 'mesh', enabled: true } },
  };

  it('mails a known practice at its own address', () => {
    expect(fallbackFor(gpMessage('A81001'), directory)).toMatchObject({
      kind: 'send',
      route: { transport: 'nhsmail', nhsmailAddress: 'a81001.practice@nhs.test', source: 'practice' },
    });
  });

  it.each([
    ['missing from the directory', 'Z99999'],
    ['listed without an NHSmail address', 'B82002'],
  ])('sends nothing for a practice %s: parked with the reason', (_label, ods) => {
    expect(fallbackFor(gpMessage(ods), directory)).toEqual({
      kind: 'park',
      reason: 'no-nhsmail-address',
      message: expect.stringContaining(`no known NHSmail address for practice ${ods}`),
    });
  });

  it('parks a summary that cannot be built (a message fault) instead of retrying it', () => {
    expect(
      fallbackResult({
        kind: 'message-fault',
        code: 'unreadable-message',
        message: 'cannot build the summary: message has no document Bundle; nothing was sent',
        durationMs: 1,
      }),
    ).toMatchObject({ kind: 'park', reason: 'unreadable-message' });
  });
});

describe('fallbackRoute', () => {
  const mesh: Route = { practiceOds: 'A81001', transport: 'mesh', concurrency: 2, source: 'practice' };

  it('sends to the practice NHSmail mailbox when the directory has one', () => {
    expect(fallbackRoute({ ...mesh, nhsmailAddress: 'a81001.practice@nhs.net' })).toEqual({
      kind: 'send',
      route: { ...mesh, transport: 'nhsmail', nhsmailAddress: 'a81001.practice@nhs.net' },
    });
  });

  it('parks for an operator when it has none', () => {
    expect(fallbackRoute(mesh)).toMatchObject({ kind: 'park', reason: 'no-nhsmail-address' });
  });
});
