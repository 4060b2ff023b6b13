import { randomUUID } from 'node:crypto';
import { ITK_RESPONSE_CODES, type ItkResponseCode } from '@firstsync/consultation-lifecycle';
import { buildHeaderOrganization } from '../build/header-organization';
import { buildMessageHeader } from '../build/message-header';
import { ITK_EVENT, RECIPIENT_TYPE } from '../codes';
import type { MessageBundle, OperationOutcome } from '../fhir-stu3';
import { PROFILE, SYSTEM } from '../profiles';

/** What the acknowledgement answers: the identifiers of the received Update Record message. */
export interface AcknowledgedMessage {
  /** MessageHeader.id of the received message: STU3 `response.identifier`. */
  messageHeaderId: string;
  /** Its handling SenderReference, echoed back for correlation (docs/update-record-itk3.md#acknowledgements). */
  senderReference?: string | null;
}

export interface ItkAckInput {
  /** An ITK-ResponseCodes-1 code: 20013 / 10xxx-20xxx for infrastructure, 30001-30003 for business. */
  code: string;
  original: AcknowledgedMessage;
  /** The GP practice answering. */
  responder: { odsCode: string; endpoint: string };
  /** FHIR instant. */
  timestamp: string;
  /** Human-readable and PII-free (ITK3 FHIR-BA-02); defaults to the code's display. */
  diagnostics?: string;
  /** Fixed ids for reproducible output; random UUIDs otherwise. */
  ids?: Partial<{ bundle: string; bundleIdentifier: string; messageHeader: string; organization: string; operationOutcome: string }>;
}

export class UnknownItkResponseCodeError extends Error {
  constructor(readonly code: string) {
    super(`not an ITK-ResponseCodes-1 code usable in an acknowledgement: ${code}`);
    this.name = 'UnknownItkResponseCodeError';
  }
}

export function itkResponseCode(code: string): ItkResponseCode {
  const known = ITK_RESPONSE_CODES.get(code);
  if (!known) throw new UnknownItkResponseCodeError(code);
  return known;
}

/**
 * An ITK3 response message (event ITK008M): MessageHeader with `response` pointing at an
 * ITK-Response-OperationOutcome-1 that carries the response code; acks are never acked themselves
 * (both flags false). Any negative code is fatal in ITK3, hence `fatal-error` / severity fatal.
 */
export function buildItkAck(input: ItkAckInput): MessageBundle {
  const response = itkResponseCode(input.code);
  const id = (key: keyof NonNullable<ItkAckInput['ids']>) => input.ids?.[key] ?? randomUUID();
  const bundleId = id('bundle');
  const headerId = id('messageHeader');
  const organizationId = id('organization');
  const outcomeId = id('operationOutcome');

  const outcome: OperationOutcome = {
    resourceType: 'OperationOutcome',
    id: outcomeId,
    meta: { profile: [PROFILE.responseOperationOutcome] },
    issue: [
      {
        severity: response.positive ? 'information' : 'fatal',
        code: response.issueType,
        details: { coding: [{ system: SYSTEM.itkResponseCodes, code: response.code, display: response.display }] },
        diagnostics: input.diagnostics ?? response.display,
      },
    ],
  };

  const header = buildMessageHeader({
    id: headerId,
    event: ITK_EVENT.response,
    handling: { acksRequested: false, recipientType: RECIPIENT_TYPE.forInformation, senderReference: input.original.senderReference ?? 'None' },
    sender: { reference: `urn:uuid:${organizationId}` },
    timestamp: input.timestamp,
    sourceEndpoint: input.responder.endpoint,
    response: {
      identifier: input.original.messageHeaderId,
      code: response.positive ? 'ok' : 'fatal-error',
      details: { reference: `urn:uuid:${outcomeId}` },
    },
  });

  return {
    resourceType: 'Bundle',
    id: bundleId,
    meta: { profile: [PROFILE.messageBundle] },
    identifier: { system: SYSTEM.uuidIdentifier, value: id('bundleIdentifier') },
    type: 'message',
    entry: [
      { fullUrl: `urn:uuid:${headerId}`, resource: header },
      { fullUrl: `urn:uuid:${organizationId}`, resource: buildHeaderOrganization(organizationId, input.responder.odsCode) },
      { fullUrl: `urn:uuid:${outcomeId}`, resource: outcome },
    ],
  };
}
