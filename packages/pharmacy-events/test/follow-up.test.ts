import type { PharmacyEvent, PharmacyEventType, PipelineEvent } from '@firstsync/contracts';
import { describe, expect, it } from 'vitest';
import { FOLLOW_UP_ACTIONS, FOLLOW_UP_REASONS, type FollowUpReason, followUpOf, followUpOfPipeline } from '../src';
import { CONSULTATION, pipelineEvent } from './support/pipeline';

let n = 0;
function event(type: PharmacyEventType, fields: { code?: string; version?: number } = {}): PharmacyEvent {
  n += 1;
  return {
    eventId: `00000000-0000-8000-8000-${n.toString().padStart(12, '0')}`,
    type,
    timestamp: `2026-03-10T10:${String(n % 60).padStart(2, '0')}:00.000Z`,
    data: { consultationId: CONSULTATION, version: fields.version ?? 1, pharmacyOds: 'FVR79', state: 'x', ...(fields.code ? { code: fields.code } : {}) },
  };
}

const accepted = () => event('consultation.accepted');
const rejected = (code: string) => event('consultation.rejected', { code });
const fallback = (code?: string) => event('consultation.fallback-sent', code ? { code } : {});
const attention = () => event('consultation.needs-attention', { code: '422' });
const delivered = () => event('consultation.delivered', { code: '30001' });

describe('followUpOf', () => {
  it.each<[string, () => PharmacyEvent[], FollowUpReason | undefined, string | undefined]>([
    ['accepted only: nothing to do', () => [accepted()], undefined, undefined],
    ['delivered: nothing to do', () => [accepted(), delivered()], undefined, undefined],
    ['30003: patient not registered there', () => [accepted(), rejected('30003')], 'patient-not-registered', '30003'],
    ['30002: rejected', () => [accepted(), rejected('30002')], 'rejected', '30002'],
    ['a rejection outranks the fallback that follows it', () => [accepted(), rejected('30003'), fallback('30003')], 'patient-not-registered', '30003'],
    ['fallback e-mail sent (20010)', () => [accepted(), fallback('20010')], 'fallback-sent', '20010'],
    ['needs attention', () => [accepted(), attention()], 'needs-attention', '422'],
    ['needs attention outranks a fallback', () => [accepted(), fallback(), attention()], 'needs-attention', '422'],
    ['delivered after all (late 30001, a resend): cleared', () => [accepted(), fallback('bus-ack-timeout'), delivered()], undefined, undefined],
    ['a problem after a delivery still counts', () => [accepted(), delivered(), attention()], 'needs-attention', '422'],
    [
      "an amendment starts over: the old version's rejection no longer counts",
      () => [accepted(), rejected('30003'), event('consultation.accepted', { version: 2 }), event('consultation.replaced', { version: 2 })],
      undefined,
      undefined,
    ],
    ['no events', () => [], undefined, undefined],
  ])('%s', (_name, events, reason, code) => {
    const list = events();
    const followUp = followUpOf(list);
    expect(followUp?.reason).toBe(reason);
    expect(followUp?.code).toBe(code);
    if (followUp !== undefined) {
      expect(followUp.action).toBe(FOLLOW_UP_ACTIONS[followUp.reason]);
      const deciding = list.find((e) => e.eventId === followUp.eventId);
      expect(followUp.since).toBe(deciding?.timestamp);
      expect(followUp.consultationId).toBe(CONSULTATION);
    }
  });

  it('has an action for every reason, naming what staff do', () => {
    expect(Object.keys(FOLLOW_UP_ACTIONS).sort()).toEqual([...FOLLOW_UP_REASONS].sort());
    expect(FOLLOW_UP_ACTIONS.rejected).toMatch(/phone the practice/i);
    expect(FOLLOW_UP_ACTIONS['patient-not-registered']).toMatch(/registered GP practice.*amendment/i);
    expect(FOLLOW_UP_ACTIONS['fallback-sent']).toMatch(/NHSmail/);
  });
});

describe('followUpOfPipeline', () => {
  it('classifies from the pipeline events as the dashboard holds them, with the reason text', () => {
    const events: PipelineEvent[] = [
      pipelineEvent({ type: 'received', source: 'ingest' }),
      pipelineEvent({ type: 'sent', transport: 'mesh' }),
      pipelineEvent({ type: 'bus-ack', transport: 'mesh', code: '30002', details: { positive: false } }),
      pipelineEvent({ type: 'needs-fallback', pharmacyOds: undefined, code: '30002', details: { acknowledged: true } }),
      pipelineEvent({ type: 'fallback-sent', transport: 'nhsmail', code: '250' }),
    ];
    expect(followUpOfPipeline(events)).toMatchObject({ reason: 'rejected', code: '30002', detail: 'patient not known at the practice', version: 1 });
    expect(followUpOfPipeline(events.slice(0, 2))).toBeUndefined();
  });
});
