import { defined } from '@firstsync/testkit/defined';
import {
  buildItkAck,
  ItkAckParseError,
  type MessageHeader,
  type OperationOutcome,
  type Organization,
  parseItkAck,
  tryParseItkAck,
  UnknownItkResponseCodeError,
} from '@firstsync/update-record';
import { describe, expect, it } from 'vitest';

// ITK3 acknowledgements (packages/update-record/src/itk-ack): built by the simulated GP systems,
// parsed by the sender. Kept with the MESH simulator tests, which exercise them end to end.
const original = { messageHeaderId: '3f0e2c1a-0000-4000-8000-00000000abcd', senderReference: 'sr-123' };
const responder = { odsCode: 'A81001', endpoint: 'A81001GP' };
const build = (code: string, extra: Partial<Parameters<typeof buildItkAck>[0]> = {}) =>
  buildItkAck({ code, original, responder, timestamp: '2026-11-23T09:30:00+00:00', ...extra });

describe('ITK3 acknowledgement build and parse', () => {
  it.each([
    ['20013', 'infrastructure', true, 'ok'],
    ['20007', 'infrastructure', false, 'fatal-error'],
    ['20008', 'infrastructure', false, 'fatal-error'],
    ['20009', 'infrastructure', false, 'fatal-error'],
    ['20010', 'infrastructure', false, 'fatal-error'],
    ['10001', 'infrastructure', false, 'fatal-error'],
    ['30001', 'business', true, 'ok'],
    ['30002', 'business', false, 'fatal-error'],
    ['30003', 'business', false, 'fatal-error'],
  ] as const)('round-trips %s as %s, positive=%s', (code, kind, positive, responseCode) => {
    const ack = parseItkAck(JSON.stringify(build(code)));
    expect(ack).toMatchObject({
      kind,
      code,
      positive,
      responseCode,
      messageHeaderId: original.messageHeaderId,
      senderReference: 'sr-123',
      responderOds: 'A81001',
    });
    expect(ack.display).toBeTruthy();
    expect(ack.diagnostics).toBe(ack.display);
  });

  it('builds the ITK3 response shape: ITK008M, response pointing at the OperationOutcome, acks not requested', () => {
    const bundle = build('20010', {
      diagnostics: 'Update Record is switched off at this practice',
      ids: { bundleIdentifier: 'ack-1', messageHeader: 'mh-ack' },
    });
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'message', identifier: { value: 'ack-1' } });
    const [header, organization, outcome] = bundle.entry.map((e) => e.resource) as [MessageHeader, Organization, OperationOutcome];
    expect(header.event).toMatchObject({ system: 'https://fhir.nhs.uk/STU3/CodeSystem/ITK-MessageEvent-2', code: 'ITK008M' });
    expect(header.response).toEqual({
      identifier: original.messageHeaderId,
      code: 'fatal-error',
      details: { reference: defined(bundle.entry[2], 'the OperationOutcome entry').fullUrl },
    });
    const handling = header.extension[0]?.extension ?? [];
    expect(handling.filter((e) => e.url.endsWith('AckRequested')).map((e) => e.valueBoolean)).toEqual([false, false]);
    expect(organization.identifier[0]?.value).toBe('A81001');
    expect(outcome.issue[0]).toMatchObject({
      severity: 'fatal',
      code: 'not-found',
      details: { coding: [{ system: 'https://fhir.nhs.uk/STU3/CodeSystem/ITK-ResponseCodes-1', code: '20010' }] },
      diagnostics: 'Update Record is switched off at this practice',
    });
    const parsed = parseItkAck(bundle);
    expect(parsed).toMatchObject({ ackBundleIdentifier: 'ack-1', ackMessageHeaderId: 'mh-ack', diagnostics: 'Update Record is switched off at this practice' });
  });

  it('reads a missing SenderReference ("None") as null', () => {
    expect(parseItkAck(build('20013', { original: { messageHeaderId: 'mh-1' } })).senderReference).toBeNull();
  });

  it('refuses codes that are not ITK response codes', () => {
    expect(() => build('99999')).toThrow(UnknownItkResponseCodeError);
  });

  it('rejects payloads that are not acknowledgements, naming the path only', () => {
    const ack = build('20013') as unknown as { entry: { resource: Record<string, unknown> }[] };
    expect(() => parseItkAck('not json')).toThrow(ItkAckParseError);
    expect(() => parseItkAck({ resourceType: 'Bundle', type: 'document' })).toThrow(/Bundle.type/);
    const wrongEvent = structuredClone(ack);
    (defined(wrongEvent.entry[0], 'the MessageHeader entry').resource.event as { code: string }).code = 'ITK014M';
    expect(() => parseItkAck(wrongEvent)).toThrow(/MessageHeader.event/);
    const noCode = structuredClone(ack);
    defined(noCode.entry[2], 'the OperationOutcome entry').resource.issue = [
      { severity: 'information', code: 'informational', diagnostics: 'Patient 9000000009' },
    ];
    // The whole message, anchored: it names the path and cannot also quote the diagnostics' NHS number.
    expect(() => parseItkAck(noCode)).toThrow(/^not an ITK3 acknowledgement: OperationOutcome\.issue\.details\.coding$/);
    expect(tryParseItkAck(Buffer.from('{}'))).toBeNull();
  });

  it('keeps an unknown newer code, judging it by the header response code', () => {
    const ack = build('20013');
    const outcome = defined(ack.entry[2], 'the OperationOutcome entry').resource as OperationOutcome;
    defined(outcome.issue[0]?.details?.coding?.[0], 'the outcome coding').code = '30004';
    expect(parseItkAck(ack)).toMatchObject({ kind: 'business', code: '30004', positive: true });
  });
});
