import { PIPELINE_EVENT_TYPES, type PipelineEvent, resendFilterSchema } from '@firstsync/contracts';
import { describe, expect, it } from 'vitest';
import {
  ATTENTION_STATES,
  CONSULTATION_STATES,
  compareEvents,
  FAILURE_STATES,
  ITK_RESPONSE,
  isConsultationState,
  isResendable,
  isVisibleToPharmacy,
  PHARMACY_STATES,
  pharmacyStateOf,
  pharmacyStatus,
  RESENDABLE_STATES,
  resendFilterStateOf,
} from '../src';

const AT = '2026-03-10T10:00:00.000Z';

describe('the pharmacy view', () => {
  it.each([
    ['received', 'received'],
    ['not-shared', 'not-shared'],
    ['mapped', 'mapped'],
    ['mapping-failed', 'failed'],
    ['parked', 'parked'],
    ['sent', 'sent'],
    ['awaiting-ack', 'acknowledged'],
    ['retrying', 'retrying'],
    ['needs-fallback', 'fallback-pending'],
    ['fallback-sent', 'fallback-sent'],
    ['delivered', 'delivered'],
    ['filed', 'filed'],
    ['dead-lettered', 'failed'],
  ] as const)('%s is %s to a pharmacy; a pending resend request shows as resend-requested', (state, pharmacy) => {
    expect(pharmacyStateOf({ state, resendRequested: false })).toBe(pharmacy);
    expect(pharmacyStateOf({ state, resendRequested: true })).toBe('resend-requested');
  });

  it('uses every pharmacy state', () => {
    const reached = new Set(CONSULTATION_STATES.flatMap((state) => [false, true].map((resendRequested) => pharmacyStateOf({ state, resendRequested }))));
    expect(reached).toEqual(new Set(PHARMACY_STATES));
  });

  it('hides operator events but the resend request', () => {
    const visible = PIPELINE_EVENT_TYPES.filter((type) => isVisibleToPharmacy({ type }));
    expect(PIPELINE_EVENT_TYPES.filter((type) => !visible.includes(type))).toEqual([
      'practice-held',
      'practice-released',
      'command-rejected',
      'revealed',
      'followed-up',
      'exported',
    ]);
  });

  it('derives the status from the events in topic order, ignoring what the pharmacy does not see', () => {
    const status = pharmacyStatus([
      { type: 'sent', version: 1, at: AT },
      { type: 'resend-requested', version: 1, at: '2026-03-10T10:01:00.000Z' },
      { type: 'command-rejected', version: 1, at: '2026-03-10T10:02:00.000Z' },
    ]);
    expect(status).toEqual({ state: 'resend-requested', version: 1, since: '2026-03-10T10:01:00.000Z' });
    expect(
      pharmacyStatus([
        { type: 'sent', version: 1, at: AT },
        { type: 'bus-ack', code: ITK_RESPONSE.patientKnown.code, version: 1, at: AT },
        { type: 'inf-ack', code: ITK_RESPONSE.success.code, version: 1, at: AT },
      ])?.state,
    ).toBe('delivered');
    expect(pharmacyStatus([{ type: 'revealed', at: AT }])).toBeUndefined();
  });
});

describe('state sets', () => {
  it('are made of known states', () => {
    for (const set of [RESENDABLE_STATES, FAILURE_STATES, ATTENTION_STATES]) for (const state of set) expect(isConsultationState(state)).toBe(true);
    expect(isConsultationState('acknowledged')).toBe(false);
    expect(isResendable('dead-lettered')).toBe(true);
    expect(isResendable('delivered')).toBe(false);
  });

  it("names every resendable state in the resend command's filter", () => {
    const filterStates = resendFilterSchema.shape.states.unwrap().element.options;
    expect(RESENDABLE_STATES.map(resendFilterStateOf).sort()).toEqual([...filterStates].sort());
    expect(resendFilterStateOf('retrying')).toBe('failed');
    expect(resendFilterStateOf('delivered')).toBeUndefined();
  });
});

describe('event order', () => {
  const event = (type: PipelineEvent['type'], at: string, eventId: string) => ({ type, at, eventId });
  it('orders by instant, then pipeline order of the type, then event id', () => {
    const events = [event('dead-lettered', AT, 'b'), event('sent', AT, 'c'), event('received', '2026-03-10T09:00:00.000Z', 'z'), event('sent', AT, 'a')];
    expect([...events].sort(compareEvents).map((e) => `${e.type}/${e.eventId}`)).toEqual(['received/z', 'sent/a', 'sent/c', 'dead-lettered/b']);
  });
});
