import { describe, expect, it } from 'vitest';
import { REDACT_MAX_DEPTH, REDACT_MAX_ENTRIES, REDACTED } from '../src';
import { capture } from './support/capture';

const nhsNumber = '9434765919';

function nestedUnder(depth: number, leaf: Record<string, unknown>): Record<string, unknown> {
  let value: Record<string, unknown> = leaf;
  for (let level = 0; level < depth; level++) value = { [`level${level}`]: value };
  return value;
}

describe('redaction at any depth', () => {
  it('censors a sensitive key nested far deeper than three levels and keeps its siblings', () => {
    const { lines, logger, parsed } = capture();
    logger.info(nestedUnder(8, { nhsNumber, consultationId: 'c-1' }), 'deep');
    expect(lines.join('\n')).not.toContain(nhsNumber);
    let value: unknown = parsed()[0];
    for (let level = 7; level >= 0; level--) value = (value as Record<string, unknown>)[`level${level}`];
    expect(value).toEqual({ nhsNumber: REDACTED, consultationId: 'c-1' });
  });

  it('censors sensitive keys inside arrays, including arrays of arrays', () => {
    const { lines, logger, parsed } = capture();
    logger.info({ items: [{ id: 1, patient: { nhsNumber } }, [{ id: 2, surname: 'Lovelace' }], 'plain', 3] }, 'arrays');
    expect(lines.join('\n')).not.toContain(nhsNumber);
    expect(lines.join('\n')).not.toContain('Lovelace');
    expect(parsed()[0]?.items).toEqual([{ id: 1, patient: REDACTED }, [{ id: 2, surname: REDACTED }], 'plain', 3]);
  });

  it('censors keys with dashes and any spelling of a sensitive key', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        response: { headers: { 'set-cookie': ['sid=abc123'], 'mex-to': `GP_${nhsNumber}` } },
        request: { headers: { Authorization: 'Bearer tok-456', 'Set-Cookie': 'sid=def789', 'MEX-To': 'X123' } },
        row: { nhs_number: '4010232137', date_of_birth: '1985-02-01' },
      },
      'headers',
    );
    const output = lines.join('\n');
    for (const secret of ['sid=abc123', nhsNumber, 'tok-456', 'sid=def789', 'X123', '4010232137', '1985-02-01']) expect(output).not.toContain(secret);
  });

  it('leaves non-sensitive fields exactly as they were and does not change the caller object', () => {
    const { logger, parsed } = capture();
    const fields = {
      consultationId: 'c0a80101-0000-4000-8000-000000000001',
      correlationId: 'corr-1',
      practiceOds: 'A81001',
      attempt: { n: 2, transport: 'mesh', timings: [{ queuedMs: 3 }, { sentMs: 7 }] },
      flags: [true, false, null],
      notesCount: 4,
      at: new Date('2026-11-23T10:00:00.000Z'),
    };
    const withSecret = { ...fields, detail: { patient: { nhsNumber } } };
    logger.info(fields, 'ids only');
    logger.info(withSecret, 'with a secret');
    const [first, second] = parsed();
    expect(first).toMatchObject({ ...fields, at: '2026-11-23T10:00:00.000Z' });
    expect(second).toMatchObject({ ...fields, at: '2026-11-23T10:00:00.000Z', detail: { patient: REDACTED } });
    expect(withSecret.detail.patient.nhsNumber).toBe(nhsNumber);
  });

  it('censors sensitive fields of class instances nested in a log object', () => {
    class Attempt {
      readonly id = 'a-1';
      readonly body = `patient ${nhsNumber}`;
    }
    const { lines, logger, parsed } = capture();
    logger.info({ attempt: new Attempt() }, 'instance');
    expect(lines.join('\n')).not.toContain(nhsNumber);
    expect(parsed()[0]?.attempt).toEqual({ id: 'a-1', body: REDACTED });
  });

  it('logs a cyclic object without leaking what the cycle points back to', () => {
    const { lines, logger } = capture();
    const node: Record<string, unknown> = { id: 'n-1', inner: { patient: { nhsNumber } } };
    (node.inner as Record<string, unknown>).parent = node;
    logger.info({ node }, 'cycle');
    expect(lines).toHaveLength(1);
    expect(lines.join('\n')).not.toContain(nhsNumber);
    expect(lines.join('\n')).toContain('n-1');
  });

  it('censors what lies beyond the depth cap instead of passing it unchecked', () => {
    const { lines, logger } = capture();
    logger.info(nestedUnder(REDACT_MAX_DEPTH + 5, { innocuousLookingKey: `GP_${nhsNumber}` }), 'too deep');
    expect(lines.join('\n')).not.toContain(nhsNumber);
    expect(lines.join('\n')).toContain(REDACTED);
  });

  it('censors an array too large to check', () => {
    const { lines, logger, parsed } = capture();
    const huge = Array.from({ length: REDACT_MAX_ENTRIES + 1 }, (_, i) => ({ i, surname: 'Lovelace' }));
    logger.info({ huge, consultationId: 'c-2' }, 'huge');
    expect(lines.join('\n')).not.toContain('Lovelace');
    expect(parsed()[0]).toMatchObject({ huge: REDACTED, consultationId: 'c-2' });
  });

  it('redacts nested bindings of child loggers and of their children', () => {
    const { lines, logger } = capture();
    const child = logger.child({ component: 'x', context: { patient: { nhsNumber } } });
    child.child({ deeper: { request: { headers: { authorization: 'Bearer tok-999' } } } }).info('from a grandchild');
    const output = lines.join('\n');
    expect(output).not.toContain(nhsNumber);
    expect(output).not.toContain('tok-999');
    expect(output).toContain('"component":"x"');
  });

  it('scrubs an error message pino would use as the line message', () => {
    const { lines, logger, parsed } = capture();
    logger.error(new Error(`no GP for ${nhsNumber}`));
    logger.error({ err: new Error(`no GP for ${nhsNumber}`) });
    expect(lines.join('\n')).not.toContain(nhsNumber);
    expect(parsed().map((line) => line.msg)).toEqual(['no GP for [REDACTED-NHS-NUMBER]', 'no GP for [REDACTED-NHS-NUMBER]']);
    expect(parsed()[1]?.err).toMatchObject({ type: 'Error', message: 'no GP for [REDACTED-NHS-NUMBER]' });
  });

  it('censors an object whose getter throws instead of failing the log call', () => {
    const { lines, logger } = capture();
    const hostile = {
      id: 'h-1',
      get nested(): unknown {
        throw new Error('boom');
      },
    };
    expect(() => logger.info({ hostile }, 'hostile')).not.toThrow();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(REDACTED);
  });

  it('redacts objects interpolated into a message', () => {
    const { lines, logger } = capture();
    logger.info('state %j', { patient: { nhsNumber }, id: 'i-1' });
    expect(lines.join('\n')).not.toContain(nhsNumber);
    expect(lines.join('\n')).toContain('i-1');
  });
});
