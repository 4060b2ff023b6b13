import { capturingLogger } from '@firstsync/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, consultationOf, type RunningIngest, startIngest } from './support/ingest-harness';

interface LogLine {
  level: number;
  msg: string;
  correlationId?: string;
  consultationId?: string;
}

const INFO = 30;

/**
 * Every accepted consultation leaves exactly one info line with its ids (traceability), and no
 * more: at saturation each info line is a measurable share of a request's CPU.
 */
describe('request log lines at info', () => {
  const capture = capturingLogger('ingest');
  let ingest: RunningIngest;

  beforeAll(async () => {
    ingest = await startIngest({ label: 'ingest-request-log', logger: capture.logger });
  });
  afterAll(async () => {
    await ingest?.stop();
  });

  const infoLinesOf = (correlationId: string): LogLine[] =>
    capture.lines.map((line) => JSON.parse(line) as LogLine).filter((line) => line.correlationId === correlationId && line.level >= INFO);

  const post = (body: object, correlationId: string) =>
    ingest.app.inject({ method: 'POST', url: '/v1/consultations', headers: { ...auth(), 'x-correlation-id': correlationId }, payload: body });

  it('writes one "consultation accepted" line for an acceptance and one request line for a replay or a refusal', async () => {
    const body = consultationOf();
    const id = String(body.consultationId);

    expect((await post(body, 'corr-accepted-0001')).statusCode).toBe(202);
    const accepted = infoLinesOf('corr-accepted-0001');
    expect(accepted.map((line) => line.msg)).toEqual(['consultation accepted']);
    expect(accepted[0]?.consultationId).toBe(id);

    expect((await post(body, 'corr-replayed-0002')).statusCode).toBe(202);
    const replayed = infoLinesOf('corr-replayed-0002');
    expect(replayed.map((line) => line.msg)).toEqual(['request completed']);
    expect(replayed[0]?.consultationId).toBe(id);

    expect((await post({ ...body, version: 0 }, 'corr-invalid-00003')).statusCode).toBe(400);
    expect(infoLinesOf('corr-invalid-00003').map((line) => line.msg)).toEqual(['request completed']);
  });
});
