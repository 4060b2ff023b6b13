import { describe, expect, it } from 'vitest';
import { type AckEvent, type AckTimeouts, type AckTracking, nextAckStep, sentTracking } from '../src/transport/mesh';

const policy: AckTimeouts = { infAckTimeoutMs: 60 * 60_000, busAckTimeoutMs: 4 * 60 * 60_000, maxResends: 1 };
const sentAt = new Date('2026-11-23T10:00:00Z');
const minutes = (n: number) => new Date(sentAt.getTime() + n * 60_000);
const itk = (code: string, positive: boolean, at = minutes(1)): AckEvent => ({
  kind: 'itk',
  level: code.startsWith('3') ? 'business' : 'infrastructure',
  code,
  positive,
  at,
});

function run(events: AckEvent[], start: AckTracking = sentTracking(sentAt)) {
  let tracking = start;
  const steps = events.map((event) => {
    const step = nextAckStep(tracking, event, policy);
    tracking = step.tracking;
    return step;
  });
  return { tracking, steps, finals: steps.flatMap((s) => (s.final ? [s.final] : [])), progress: steps.flatMap((s) => (s.progress ? [s.progress] : [])) };
}

describe('ITK3 acknowledgement state machine', () => {
  it('20013 then 30001: inf-ack, bus-ack, delivered', () => {
    const { tracking, finals, progress } = run([itk('20013', true, minutes(1)), itk('30001', true, minutes(2))]);
    expect(progress.map((p) => [p.type, p.code])).toEqual([
      ['inf-ack', '20013'],
      ['bus-ack', '30001'],
    ]);
    expect(finals).toEqual([expect.objectContaining({ outcome: 'delivered', code: '30001' })]);
    expect(tracking.phase).toBe('done');
  });

  it('a business ack that overtakes the infrastructure ack still delivers once', () => {
    const { finals, progress } = run([itk('30001', true, minutes(1)), itk('20013', true, minutes(2))]);
    expect(finals.map((f) => f.outcome)).toEqual(['delivered']);
    expect(progress.map((p) => p.code)).toEqual(['30001', '20013']);
  });

  it.each([
    ['20007', 'delivered'],
    ['20008', 'delivered'],
    ['20009', 'permanent'],
    ['10001', 'permanent'],
    ['20006', 'permanent'],
    ['20010', 'needs-fallback'],
    ['20001', 'needs-fallback'],
    ['29999', 'needs-fallback'],
  ] as const)('negative infrastructure ack %s is final: %s', (code, outcome) => {
    const { finals, progress } = run([itk(code, false)]);
    expect(finals).toEqual([expect.objectContaining({ outcome, code })]);
    expect(progress).toEqual([expect.objectContaining({ type: 'inf-ack', code, positive: false })]);
  });

  it.each(['30002', '30003'])('negative business ack %s needs the fallback', (code) => {
    const { finals, progress } = run([itk('20013', true), itk(code, false, minutes(5))]);
    expect(finals).toEqual([expect.objectContaining({ outcome: 'needs-fallback', code })]);
    expect(progress.map((p) => p.type)).toEqual(['inf-ack', 'bus-ack']);
  });

  it.each(['EPL-150', 'EPL-151', 'EPL-152', 'EPL-153', 'EPL-154', '14', '17'])('failed MESH report %s needs the fallback', (statusCode) => {
    const { finals, progress } = run([{ kind: 'report', statusCode, success: false, at: minutes(1) }]);
    expect(finals).toEqual([expect.objectContaining({ outcome: 'needs-fallback', code: statusCode })]);
    expect(progress).toEqual([expect.objectContaining({ type: 'mesh-report', code: statusCode })]);
  });

  it('a success report changes nothing', () => {
    const { tracking, finals, progress } = run([{ kind: 'report', statusCode: '00', success: true, at: minutes(1) }]);
    expect(tracking.phase).toBe('awaiting-inf-ack');
    expect(finals).toEqual([]);
    expect(progress).toEqual([]);
  });

  it('no infrastructure ack in time: resend first, fallback once resends are used up', () => {
    const early = run([{ kind: 'tick', now: minutes(59) }]);
    expect(early.finals).toEqual([]);
    const first = run([{ kind: 'tick', now: minutes(60) }]);
    expect(first.finals).toEqual([expect.objectContaining({ outcome: 'retryable', code: 'inf-ack-timeout' })]);
    const afterResend = run([{ kind: 'tick', now: minutes(60) }], sentTracking(sentAt, 1));
    expect(afterResend.finals).toEqual([expect.objectContaining({ outcome: 'needs-fallback', code: 'inf-ack-timeout' })]);
  });

  it('a lost business ack times out into the fallback, counted from the 20013', () => {
    const waiting = run([itk('20013', true, minutes(30)), { kind: 'tick', now: minutes(30 + 239) }]);
    expect(waiting.finals).toEqual([]);
    expect(waiting.tracking.phase).toBe('awaiting-bus-ack');
    const lost = run([itk('20013', true, minutes(30)), itk('20013', true, minutes(200)), { kind: 'tick', now: minutes(30 + 240) }]);
    expect(lost.finals).toEqual([expect.objectContaining({ outcome: 'needs-fallback', code: 'bus-ack-timeout' })]);
  });

  it('late acknowledgements after a final outcome make progress events but no second outcome', () => {
    const { finals, progress } = run([
      itk('20013', true, minutes(1)),
      { kind: 'tick', now: minutes(1 + 240) },
      itk('30001', true, minutes(300)),
      { kind: 'tick', now: minutes(9999) },
    ]);
    expect(finals.map((f) => f.code)).toEqual(['bus-ack-timeout']);
    expect(progress.map((p) => p.code)).toEqual(['20013', '30001']);
  });
});
