import { describe, expect, it } from 'vitest';
import { decideFault, initialFaultState, practiceFaultsSchema } from '../src/faults/fault-plan';

const now = new Date('2026-03-10T12:00:00Z');

describe('decideFault', () => {
  it('processes requests of a practice without faults', () => {
    expect(decideFault(undefined, now).action).toEqual({ kind: 'process' });
  });

  it('fails a counted outage for exactly the next N requests, then recovers', () => {
    let state = initialFaultState(practiceFaultsSchema.parse({ outage: { requests: 2 } }));
    const kinds: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const decision = decideFault(state, now);
      kinds.push(decision.action.kind === 'fail' ? `fail ${decision.action.status}` : decision.action.kind);
      state = decision.next;
    }
    expect(kinds).toEqual(['fail 503', 'fail 503', 'process']);
  });

  it('fails a timed outage until its end', () => {
    const state = initialFaultState(practiceFaultsSchema.parse({ outage: { until: '2026-03-10T12:00:01Z', status: 502 } }));
    expect(decideFault(state, now).action).toMatchObject({ kind: 'fail', status: 502 });
    expect(decideFault(state, new Date('2026-03-10T12:00:01Z')).action).toEqual({ kind: 'process' });
  });

  it('fails only inside an outage window', () => {
    const state = initialFaultState(practiceFaultsSchema.parse({ outage: { from: '2026-03-10T12:00:10Z', until: '2026-03-10T12:00:20Z' } }));
    expect(decideFault(state, now).action).toEqual({ kind: 'process' });
    expect(decideFault(state, new Date('2026-03-10T12:00:15Z')).action).toMatchObject({ kind: 'fail', status: 503 });
    expect(decideFault(state, new Date('2026-03-10T12:00:20Z')).action).toEqual({ kind: 'process' });
    expect(practiceFaultsSchema.safeParse({ outage: { from: '2026-03-10T12:00:20Z', until: '2026-03-10T12:00:10Z' } }).success).toBe(false);
  });

  it('adds latency to every answer and puts hang before everything else', () => {
    const state = initialFaultState(practiceFaultsSchema.parse({ latencyMs: 40, hang: true, status: 500 }));
    expect(decideFault(state, now)).toMatchObject({ delayMs: 40, action: { kind: 'hang' } });
  });

  it('rejects permanently with the configured diagnostics', () => {
    const state = initialFaultState(practiceFaultsSchema.parse({ reject: { diagnostics: 'Patient record locked' } }));
    expect(decideFault(state, now).action).toEqual({ kind: 'reject', status: 422, diagnostics: 'Patient record locked' });
  });

  it('refuses an outage with neither an end time nor a request count', () => {
    expect(practiceFaultsSchema.safeParse({ outage: { status: 503 } }).success).toBe(false);
  });
});
