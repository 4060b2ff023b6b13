import { describe, expect, it } from 'vitest';
import { capture } from './support/capture';

const nhsNumber = '9434765919';
const consultationLike = {
  consultationId: 'c0a80101-0000-4000-8000-000000000001',
  patient: { nhsNumber, name: { given: ['Ada'], family: 'Lovelace' }, birthDate: '1985-02-01' },
  notes: { clinicalSummary: 'Painful swallowing for three days' },
};

describe('central PII redaction', () => {
  it('redacts patient and clinical fields at any depth up to four levels', () => {
    const { lines, logger } = capture();
    logger.info({ consultation: consultationLike }, 'whole consultation');
    logger.info({ event: { value: consultationLike } }, 'nested');
    logger.info({ nhsNumber, birthDate: '1985-02-01', family: 'Lovelace' }, 'flat');
    const output = lines.join('\n');
    for (const secret of [nhsNumber, 'Lovelace', '1985-02-01', 'Painful swallowing']) expect(output).not.toContain(secret);
    expect(output).toContain('c0a80101-0000-4000-8000-000000000001');
    expect(output).toContain('[REDACTED]');
  });

  it('scrubs NHS numbers and MESH GP addresses out of messages and errors', () => {
    const { lines, logger } = capture();
    logger.warn(`upstream said patient 943 476 5919 unknown`);
    logger.error({ err: new Error(`send to GPPROVIDER_${nhsNumber}_19850201_LOVELACE failed`) }, 'send failed');
    const output = lines.join('\n');
    expect(output).not.toContain('943 476 5919');
    expect(output).not.toContain(nhsNumber);
    expect(output).not.toContain('LOVELACE');
    expect(output).toContain('[REDACTED-NHS-NUMBER]');
    expect(output).toContain('GPPROVIDER_[REDACTED]');
  });

  it('redacts credentials in request headers', () => {
    const { lines, logger } = capture();
    logger.info({ req: { headers: { authorization: 'Bearer secret-key-123', cookie: 'sid=abc' } } }, 'request');
    expect(lines.join('\n')).not.toContain('secret-key-123');
    expect(lines.join('\n')).not.toContain('sid=abc');
  });
});

describe('request URLs (Fastify logs { req } on every request)', () => {
  it('keeps query names but never their values, and scrubs NHS numbers from the path', () => {
    const { lines, logger } = capture();
    logger.info(
      { req: { method: 'GET', url: `/patients/${nhsNumber}?nhsNumber=${nhsNumber}&surname=Lovelace&dob=1985-02-01`, host: 'localhost', ip: '127.0.0.1' } },
      'incoming request',
    );
    const line = JSON.parse(lines.join('')) as { req: { method: string; url: string; host: string } };
    expect(line.req).toEqual({
      method: 'GET',
      url: '/patients/[REDACTED-NHS-NUMBER]?nhsNumber=[REDACTED]&surname=[REDACTED]&dob=[REDACTED]',
      host: 'localhost',
      remoteAddress: '127.0.0.1',
    });
    expect(lines.join('')).not.toMatch(/9434765919|Lovelace|1985-02-01/);
  });

  it('leaves a URL without a query as it is', async () => {
    const { safeUrl } = await import('../src');
    expect(safeUrl('/v1/consultations/c0a80101-0000-4000-8000-000000000001/status')).toBe('/v1/consultations/c0a80101-0000-4000-8000-000000000001/status');
    expect(safeUrl('/search?q=%39%34%33&')).toBe('/search?q=[REDACTED]');
  });
});
