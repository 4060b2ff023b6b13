import { MeshNetworkError } from '@firstsync/mesh';
import { describe, expect, it } from 'vitest';
import { followUpFor } from '../src/routing/follow-up';
import { decideMeshRoute, needsLookup, remembered } from '../src/routing/mesh-route';
import { type PracticeRoute, RouteMemory } from '../src/state/route-memory';
import { createEndpointLookup, type EndpointAnswer } from '../src/transport/mesh';

const DAY = 24 * 3_600_000;
const LEARNT = '2026-03-02T10:00:00.000Z';
const switchedOff: PracticeRoute = { practiceOds: 'A81001', state: 'switched-off', code: '20010', learnedAt: LEARNT };
const at = (ms: number) => new Date(Date.parse(LEARNT) + ms);
const one: EndpointAnswer = { kind: 'mailboxes', count: 1 };

function decide(route: PracticeRoute | undefined, now: Date, endpoint: EndpointAnswer = one) {
  return decideMeshRoute({ practiceOds: 'A81001', memory: remembered(route, now, 7 * DAY), endpoint, now });
}

describe('the MESH route decision (pure)', () => {
  it('sends by MESH without an event when nothing is known and the practice has one mailbox', () => {
    expect(decide(undefined, at(0))).toEqual({ kind: 'send', note: null, remember: null });
  });

  it('a practice that answered 20010 gets NHSmail at once for the period, without a lookup', () => {
    const memory = remembered(switchedOff, at(DAY), 7 * DAY);
    expect(needsLookup(memory)).toBe(false);
    const decision = decide(switchedOff, at(DAY), { kind: 'not-asked' });
    expect(decision).toMatchObject({
      kind: 'fallback',
      cause: '20010',
      note: { code: 'switched-off', details: { route: 'nhsmail', learntFrom: '20010', learnedAt: LEARNT, nhsmailUntil: at(7 * DAY).toISOString() } },
    });
    expect(decision.note?.message).toContain('20010');
    // Up to the last millisecond of the period.
    expect(decide(switchedOff, at(7 * DAY - 1)).kind).toBe('fallback');
  });

  it('after the period the next message probes MESH, once, and the probe is remembered', () => {
    const decision = decide(switchedOff, at(7 * DAY));
    expect(decision).toMatchObject({
      kind: 'send',
      note: { code: 'probe', details: { route: 'mesh', learnedAt: LEARNT } },
      remember: { practiceOds: 'A81001', state: 'probing', learnedAt: LEARNT, probedAt: at(7 * DAY).toISOString() },
    });
    const probing = decision.kind === 'send' ? (decision.remember ?? undefined) : undefined;
    expect(decide(probing, at(7 * DAY + 1))).toEqual({ kind: 'send', note: null, remember: null });
  });

  it('a practice without exactly one mailbox for Update Record gets NHSmail, with the code MESH would report', () => {
    expect(decide(undefined, at(0), { kind: 'mailboxes', count: 0 })).toMatchObject({
      kind: 'fallback',
      cause: 'EPL-151',
      note: { code: 'no-mailbox', details: { route: 'nhsmail', workflowId: 'GPCONNECT_UPDATE_RECORD', mailboxes: 0 } },
    });
    expect(decide(undefined, at(0), { kind: 'mailboxes', count: 2 })).toMatchObject({
      kind: 'fallback',
      cause: 'EPL-150',
      note: { code: 'multiple-mailboxes' },
    });
    // The lookup is fresher than an ended 20010 period: no probe into a practice without a mailbox.
    expect(decide(switchedOff, at(8 * DAY), { kind: 'mailboxes', count: 0 })).toMatchObject({ kind: 'fallback', cause: 'EPL-151' });
  });

  it('a failed lookup never holds a message back: it is sent by MESH, with the reason', () => {
    expect(decide(undefined, at(0), { kind: 'failed', reason: 'MESH endpoint-lookup failed: HTTP 503' })).toMatchObject({
      kind: 'send',
      note: { code: 'lookup-failed', message: expect.stringContaining('HTTP 503') },
      remember: null,
    });
  });
});

describe('the route memory', () => {
  it('keeps the newest lesson and never steps back from a probe to the lesson it followed', () => {
    const memory = new RouteMemory();
    const probing: PracticeRoute = { ...switchedOff, state: 'probing', probedAt: at(7 * DAY).toISOString() };
    memory.apply(probing);
    memory.apply(switchedOff);
    expect(memory.of('A81001')).toEqual(probing);
    const again: PracticeRoute = { ...switchedOff, learnedAt: at(8 * DAY).toISOString() };
    memory.apply(again);
    expect(memory.of('A81001')).toEqual(again);
    memory.apply(probing);
    expect(memory.of('A81001')).toEqual(again);
  });
});

describe('follow-up suggestions', () => {
  it('30003 asks the pharmacy to check the registered practice; EPL routing reports point at the cause', () => {
    expect(followUpFor('30003')).toMatchObject({ followUp: 'check-registered-practice' });
    expect(followUpFor('EPL-154')).toMatchObject({ followUp: 'check-patient-details' });
    expect(followUpFor('EPL-151')).toMatchObject({ followUp: 'practice-mesh-setup' });
    expect(followUpFor('20010')).toMatchObject({ followUp: 'practice-switched-off' });
    expect(followUpFor('inf-ack-timeout')).toBeUndefined();
  });
});

describe('the endpoint lookup cache', () => {
  function rig(answers: (() => Promise<{ mailboxId: string; mailboxName: string }[]>)[]) {
    let now = Date.parse(LEARNT);
    let calls = 0;
    const lookup = createEndpointLookup({
      client: {
        lookupEndpoint: () => {
          const next = answers[Math.min(calls, answers.length - 1)];
          calls += 1;
          return next ? next() : Promise.resolve([]);
        },
      },
      ttlMs: 60 * 60_000,
      timeoutMs: 50,
      clock: { now: () => new Date(now) },
    });
    return { lookup, calls: () => calls, advance: (ms: number) => (now += ms) };
  }

  it('asks once per practice within the TTL, and again after it', async () => {
    const r = rig([async () => [{ mailboxId: 'A81001GP', mailboxName: 'GP' }], async () => []]);
    expect(await Promise.all([r.lookup('A81001'), r.lookup('A81001')])).toEqual([one, one]);
    expect(r.calls()).toBe(1);
    r.advance(59 * 60_000);
    expect(await r.lookup('A81001')).toEqual(one);
    r.advance(2 * 60_000);
    expect(await r.lookup('A81001')).toEqual({ kind: 'mailboxes', count: 0 });
    expect(r.calls()).toBe(2);
  });

  it('a failure or a slow answer is a `failed` answer, remembered for a minute at most', async () => {
    const r = rig([() => Promise.reject(new MeshNetworkError('endpoint-lookup', 'ECONNREFUSED')), () => new Promise(() => {})]);
    expect(await r.lookup('A81001')).toEqual({ kind: 'failed', reason: 'MESH endpoint-lookup could not reach the server (ECONNREFUSED)' });
    r.advance(61_000);
    expect(await r.lookup('A81001')).toEqual({ kind: 'failed', reason: 'no answer within 50 ms' });
  });
});
