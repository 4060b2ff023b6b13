import { randomUUID } from 'node:crypto';
import { deliveryPartSchema, type PipelineEvent, type PipelineEventType } from '@firstsync/contracts';
import { describe, expect, it } from 'vitest';
import { deliveryPartOf } from '../src/index';

const KEY = 'b'.repeat(64);
const consultationId = randomUUID();

function event(type: PipelineEventType, fields: Partial<PipelineEvent> = {}): PipelineEvent {
  return { eventId: randomUUID(), type, at: '2026-03-10T10:15:42.123Z', source: 'delivery', consultationId, version: 2, practiceOds: 'A81001', ...fields };
}

const result = (e: PipelineEvent) => {
  const part = deliveryPartOf(e, KEY);
  if (part) expect(deliveryPartSchema.parse(part)).toEqual(part);
  return part && { result: part.result, route: part.route, code: part.code, filedAt: part.filedAt };
};

describe('deliveryPartOf', () => {
  it('files on an ITK3 30001 over MESH or a FHIR 2xx, to the minute, saying which route', () => {
    expect(result(event('bus-ack', { transport: 'mesh', code: '30001', details: { positive: true } }))).toEqual({
      result: 'filed',
      route: 'itk3-mesh',
      code: '30001',
      filedAt: '2026-03-10T10:15:00Z',
    });
    expect(result(event('delivered', { transport: 'fhir-rest', code: '201', at: '2026-03-10T23:59:59+01:00' }))).toEqual({
      result: 'filed',
      route: 'fhir-rest',
      code: '201',
      filedAt: '2026-03-10T22:59:00Z',
    });
  });

  it('names the refusals: 20010 switched off, 30002 and 30003 rejected; other fallbacks stay pending until the mail goes', () => {
    expect(result(event('needs-fallback', { transport: 'mesh', code: '20010' }))).toMatchObject({ result: 'switched-off', code: '20010' });
    expect(result(event('needs-fallback', { code: '30002' }))).toMatchObject({ result: 'rejected', code: '30002' });
    expect(result(event('needs-fallback', { code: '30003' }))).toMatchObject({ result: 'rejected', code: '30003' });
    expect(result(event('needs-fallback', { code: 'EPL-151' }))).toMatchObject({ result: 'pending', code: 'EPL-151' });
    expect(result(event('needs-fallback'))).toMatchObject({ result: 'pending', code: null });
  });

  it('records the fallback e-mail with the refusal that led to it', () => {
    expect(result(event('fallback-sent', { transport: 'nhsmail', code: '250', details: { cause: '20010' } }))).toEqual({
      result: 'fallback-email',
      route: 'nhsmail',
      code: '20010',
      filedAt: null,
    });
    expect(result(event('fallback-sent', { transport: 'nhsmail', code: '250' }))).toMatchObject({ result: 'fallback-email', code: null });
  });

  it('is pending while the message moves, failed when it cannot go, not-shared without consent', () => {
    for (const type of ['received', 'mapped', 'sent', 'retry-scheduled', 'parked'] as const) expect(result(event(type))).toMatchObject({ result: 'pending' });
    expect(result(event('mapping-failed', { code: 'invalid-message' }))).toMatchObject({ result: 'failed', code: 'invalid-message' });
    expect(result(event('dead-lettered', { code: '20009' }))).toMatchObject({ result: 'failed', code: '20009' });
    expect(result(event('not-shared', { source: 'fhir-mapper' }))).toMatchObject({ result: 'not-shared' });
    expect(result(event('parked', { transport: 'nhsmail', code: 'no-nhsmail-address' }))).toMatchObject({ result: 'failed', code: 'no-nhsmail-address' });
  });

  it('yields nothing for acknowledgements that do not decide, operator and practice events, the simulator filing, or events without a version', () => {
    expect(deliveryPartOf(event('inf-ack', { code: '20013', details: { positive: true } }), KEY)).toBeNull();
    expect(deliveryPartOf(event('bus-ack', { code: '30002', details: { positive: false } }), KEY)).toBeNull();
    expect(deliveryPartOf(event('mesh-report', { code: 'EPL-151' }), KEY)).toBeNull();
    expect(deliveryPartOf(event('route-decided', { code: '20010' }), KEY)).toBeNull();
    expect(deliveryPartOf(event('resend-requested', { actor: 'op' }), KEY)).toBeNull();
    expect(deliveryPartOf(event('revealed', { actor: 'op' }), KEY)).toBeNull();
    expect(deliveryPartOf(event('practice-held', { consultationId: undefined }), KEY)).toBeNull();
    expect(deliveryPartOf(event('filed', { source: 'nhs-simulator' }), KEY)).toBeNull();
    expect(deliveryPartOf(event('delivered', { version: undefined }), KEY)).toBeNull();
  });

  it('keeps the version, and drops a code that is not a code', () => {
    const part = deliveryPartOf(event('dead-lettered', { code: 'Jane Example 9434765919', version: 4 }), KEY);
    expect(part).toMatchObject({ part: 'delivery', factKey: KEY, version: 4, result: 'failed', code: null });
  });
});
