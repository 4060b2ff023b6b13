import type { LifecycleEvent } from '@firstsync/consultation-lifecycle';
import { describe, expect, it } from 'vitest';
import { rssTrends } from '../src/rss';
import { judgeStatuses } from '../src/status-truth';

const at = '2026-12-02T10:00:00.000Z';
const delivered: LifecycleEvent[] = [
  { type: 'received', version: 1, at },
  { type: 'mapped', version: 1, at },
  { type: 'sent', version: 1, at },
  { type: 'delivered', version: 1, at, code: '201' },
];

describe('soak: status answers judged against the pipeline and the GP side', () => {
  it('accepts the state the events say and flags a stale, empty or contradicting answer', () => {
    const events = new Map([
      ['c1', delivered],
      ['c2', delivered],
      ['c3', delivered],
    ]);
    const truth = judgeStatuses({
      answers: [
        { consultationId: 'c1', httpStatus: 200, state: 'delivered', timelineLength: 4 },
        // The failure the issue describes: `received` with an empty timeline for a delivered one.
        { consultationId: 'c2', httpStatus: 200, state: 'received', timelineLength: 0 },
        { consultationId: 'c3', httpStatus: 404, state: null, timelineLength: 0 },
      ],
      events,
      atGp: new Set(['c1', 'c2', 'c3']),
      deadLettered: new Set(),
    });
    expect(truth.truthful).toBe(1);
    expect(truth.wrong.map((w) => w.consultationId)).toEqual(['c2']);
    expect(truth.unanswered).toEqual([{ consultationId: 'c3', status: '404' }]);
    expect(truth.contradictsGp).toEqual(['c2']);
    expect(truth.states).toEqual({ delivered: 1, received: 1 });
  });

  it('calls a dead-lettered consultation told anything but failed a contradiction', () => {
    const truth = judgeStatuses({
      answers: [{ consultationId: 'p', httpStatus: 200, state: 'received', timelineLength: 0 }],
      events: new Map(),
      atGp: new Set(),
      deadLettered: new Set(['p']),
    });
    // Without events `received` is what they say, but the dead letter says otherwise.
    expect(truth.truthful).toBe(1);
    expect(truth.contradictsGp).toEqual(['p']);
  });
});

describe('soak: RSS trend after warm-up', () => {
  const series = (process: string, mbs: number[]) => mbs.map((mb, i) => ({ atS: i * 10, process, mb }));

  it('calls steady memory flat and memory that tracks the traffic growing, ignoring the warm-up', () => {
    const trends = rssTrends([...series('ingest[0]', [60, 110, 120, 121, 119, 122, 120]), ...series('dashboard[0]', [90, 100, 130, 160, 190, 220, 250])], 20);
    const byProcess = new Map(trends.map((t) => [t.process, t]));
    expect(byProcess.get('ingest[0]')?.flat).toBe(true);
    expect(byProcess.get('ingest[0]')?.firstMb).toBe(60);
    expect(byProcess.get('dashboard[0]')?.flat).toBe(false);
    expect(byProcess.get('dashboard[0]')?.growth).toBeGreaterThan(0.5);
  });
});
