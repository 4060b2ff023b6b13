import { PIPELINE_EVENT_TYPES, type PipelineEventType } from '@firstsync/contracts';
import { describe, expect, it } from 'vitest';
import {
  advance,
  CONSULTATION_STATES,
  type ConsultationState,
  confirmsDelivery,
  foldLifecycle,
  ITK_RESPONSE,
  type Lifecycle,
  type LifecycleEvent,
  MESH_REPORT,
} from '../src';

const AT = '2026-03-10T10:00:00.000Z';
const LATER = '2026-03-10T10:05:00.000Z';

/** Which states an event moves a consultation out of: all of them, only some, or all but some. */
type From = 'any' | { only: readonly ConsultationState[] } | { except: readonly ConsultationState[] };

// The expected transitions, written as the rules read (not as the implementation's tables): the
// target of each event, and the states it does not move a consultation out of. `null`: no move.
const TRANSITIONS: readonly [PipelineEventType, string | undefined, ConsultationState | null, From][] = [
  ['received', undefined, 'received', 'any'],
  ['not-shared', undefined, 'not-shared', 'any'],
  ['mapped', undefined, 'mapped', 'any'],
  ['mapping-failed', undefined, 'mapping-failed', 'any'],
  ['parked', undefined, 'parked', 'any'],
  // A routing decision: the send, fallback or park after it moves the state.
  ['route-decided', 'switched-off', null, 'any'],
  // Never back along sent -> awaiting-ack -> delivered -> filed.
  ['sent', undefined, 'sent', { except: ['awaiting-ack', 'delivered', 'filed'] }],
  ['inf-ack', ITK_RESPONSE.success.code, 'awaiting-ack', { only: ['sent'] }],
  ['inf-ack', ITK_RESPONSE.recipientNotSupported.code, null, 'any'],
  ['inf-ack', ITK_RESPONSE.duplicateMessage.code, null, 'any'],
  ['bus-ack', ITK_RESPONSE.patientKnown.code, 'delivered', { except: ['filed'] }],
  ['bus-ack', ITK_RESPONSE.patientNotKnown.code, null, 'any'],
  ['mesh-report', MESH_REPORT.noMailbox.code, null, 'any'],
  ['delivered', undefined, 'delivered', { except: ['filed'] }],
  ['retry-scheduled', undefined, 'retrying', 'any'],
  ['needs-fallback', undefined, 'needs-fallback', 'any'],
  ['fallback-sent', undefined, 'fallback-sent', 'any'],
  ['filed', undefined, 'filed', 'any'],
  ['dead-lettered', undefined, 'dead-lettered', 'any'],
  ['resend-requested', undefined, null, 'any'],
  ['practice-held', undefined, null, 'any'],
  ['practice-released', undefined, null, 'any'],
  ['command-rejected', undefined, null, 'any'],
  ['revealed', undefined, null, 'any'],
  ['followed-up', undefined, null, 'any'],
  ['exported', undefined, null, 'any'],
];

function moves(from: From, state: ConsultationState): boolean {
  if (from === 'any') return true;
  return 'only' in from ? from.only.includes(state) : !from.except.includes(state);
}

const at = (state: ConsultationState, resendRequested = false): Lifecycle => ({ state, version: 1, since: AT, resendRequested });
const event = (type: PipelineEventType, fields: Partial<LifecycleEvent> = {}): LifecycleEvent => ({ type, at: LATER, ...fields });

describe('transitions', () => {
  it('has a row for every pipeline event type', () => {
    expect(new Set(TRANSITIONS.map(([type]) => type))).toEqual(new Set(PIPELINE_EVENT_TYPES));
  });

  const cases = TRANSITIONS.flatMap(([type, code, target, from]) =>
    CONSULTATION_STATES.map((state) => [type, code ?? '', state, target !== null && moves(from, state) ? target : state] as const),
  );
  it.each(cases)('%s %s from %s -> %s', (type, code, state, expected) => {
    const next = advance(at(state), event(type, code === '' ? {} : { code }));
    expect(next?.state).toBe(expected);
    expect(next?.version).toBe(1);
    // A resend request is tracked beside the state, which it leaves as it is.
    expect(next?.resendRequested).toBe(type === 'resend-requested');
    // `since` is when the state (or the resend request) was last reached: a move restamps it.
    const moved = TRANSITIONS.some(([t, c, target, from]) => t === type && (c ?? '') === code && target !== null && moves(from, state));
    expect(next?.since).toBe(moved || type === 'resend-requested' ? LATER : AT);
  });

  it('starts with the first event that decides a state; before it there is no lifecycle', () => {
    expect(advance(undefined, event('received'))).toEqual({ state: 'received', version: 1, since: LATER, resendRequested: false });
    expect(advance(undefined, event('inf-ack', { code: ITK_RESPONSE.success.code }))).toBeUndefined();
    expect(advance(undefined, event('revealed'))).toBeUndefined();
    expect(advance(undefined, event('followed-up'))).toBeUndefined();
  });
});

describe('versions', () => {
  it('a higher version starts over; an older one no longer moves the state; no version means the current one', () => {
    const lifecycle = foldLifecycle([
      event('delivered', { version: 1 }),
      event('received', { version: 2 }),
      event('dead-lettered', { version: 1 }),
      event('mapped'),
    ]);
    expect(lifecycle).toMatchObject({ state: 'mapped', version: 2 });
  });
  it('a replacement is sent even when the old version was filed', () => {
    expect(foldLifecycle([event('filed', { version: 1 }), event('sent', { version: 2 })])).toMatchObject({ state: 'sent', version: 2 });
  });
  it('an event of a higher version that decides nothing does not start the new version', () => {
    expect(foldLifecycle([event('sent', { version: 1 }), event('inf-ack', { version: 2, code: ITK_RESPONSE.patientNotKnown.code })])).toMatchObject({
      state: 'sent',
      version: 1,
    });
  });
});

describe('resend requests', () => {
  it('is tracked beside the state and ends with the next state the consultation reaches', () => {
    const requested = advance(at('dead-lettered'), event('resend-requested'));
    expect(requested).toEqual({ state: 'dead-lettered', version: 1, since: LATER, resendRequested: true });
    expect(advance(requested, event('sent'))).toMatchObject({ state: 'sent', resendRequested: false });
  });
  it('lets the new attempt through even backwards along the success path', () => {
    expect(advance(at('awaiting-ack', true), event('sent'))).toMatchObject({ state: 'sent', resendRequested: false });
    expect(advance(at('awaiting-ack'), event('sent'))).toMatchObject({ state: 'awaiting-ack' });
  });
  it('ends when delivery rejects the command', () => {
    expect(advance(at('parked', true), event('command-rejected'))).toEqual({ state: 'parked', version: 1, since: LATER, resendRequested: false });
  });
  it('stays pending through events that decide nothing', () => {
    expect(advance(at('retrying', true), event('mesh-report', { code: MESH_REPORT.noMailbox.code }))).toMatchObject({ resendRequested: true });
  });
  it('on its own, shows the consultation as received', () => {
    expect(advance(undefined, event('resend-requested'))).toMatchObject({ state: 'received', resendRequested: true });
  });
});

describe('confirmsDelivery', () => {
  it.each([
    ['delivered', undefined, true],
    ['bus-ack', ITK_RESPONSE.patientKnown.code, true],
    ['bus-ack', ITK_RESPONSE.patientLeft.code, false],
    ['inf-ack', ITK_RESPONSE.success.code, false],
    ['fallback-sent', undefined, false],
  ] as const)('%s %s -> %s', (type, code, expected) => {
    expect(confirmsDelivery({ type, code })).toBe(expected);
  });
});
