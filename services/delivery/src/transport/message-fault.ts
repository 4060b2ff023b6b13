import type { TransportOutcome } from './port';

/** Where, while preparing one send, a transport failed (before anything left for the far side). */
export type FaultStage = 'address' | 'subject' | 'body' | 'summary' | 'request' | 'internal';

/** Machine-readable codes of `message-fault` outcomes, defined once. */
export const MESSAGE_FAULT = {
  /** A header value (or name) the transport cannot carry, e.g. a character above U+00FF in an HTTP header. */
  unencodableHeader: 'unencodable-header',
  /** The request URL could not be formed from the message. */
  invalidRequestUrl: 'invalid-request-url',
  /** The GPPROVIDER_ address could not be formed (names the field, never its value). */
  invalidMeshAddress: 'invalid-mesh-address',
  unserialisableBody: 'unserialisable-body',
  /** The readable summary (NHSmail) could not be built from the message. */
  unreadableMessage: 'unreadable-message',
  requestBuildFailed: 'request-build-failed',
  /** The route names no endpoint (FHIR base URL) for the practice: configuration, on our side. */
  noEndpoint: 'no-endpoint',
  /** The route names no NHSmail mailbox for the practice (see fallback-route.ts: never a shared one). */
  noNhsmailAddress: 'no-nhsmail-address',
  /** The transport threw instead of answering: a bug in our code, caught by the engine. */
  internalError: 'internal-error',
} as const;

export type MessageFaultCode = (typeof MESSAGE_FAULT)[keyof typeof MESSAGE_FAULT];

const STAGE_CODE: Record<FaultStage, MessageFaultCode> = {
  address: MESSAGE_FAULT.invalidMeshAddress,
  subject: MESSAGE_FAULT.requestBuildFailed,
  body: MESSAGE_FAULT.unserialisableBody,
  summary: MESSAGE_FAULT.unreadableMessage,
  request: MESSAGE_FAULT.requestBuildFailed,
  internal: MESSAGE_FAULT.internalError,
};

const STAGE_TEXT: Record<FaultStage, string> = {
  address: 'the MESH address could not be built',
  subject: 'the subject could not be built',
  body: 'the message body could not be serialised',
  summary: 'the summary could not be built',
  request: 'the request could not be built',
  internal: 'the transport failed in our code',
};

const NOTHING_SENT = 'nothing was sent; dead-lettered for an operator, not retried';

interface ErrorFacts {
  readonly name: string | null;
  readonly code: string | null;
  readonly text: string;
}

/** Only shapes that cannot carry patient data: an error's own message may quote a header value (undici does). */
function factsOf(error: unknown): ErrorFacts {
  const fields = typeof error === 'object' && error !== null ? (error as { name?: unknown; code?: unknown; message?: unknown }) : {};
  const name = typeof fields.name === 'string' && /^[A-Za-z]{1,40}$/.test(fields.name) ? fields.name : null;
  const code = typeof fields.code === 'string' && /^[A-Z][A-Z0-9_]{1,59}$/.test(fields.code) ? fields.code : null;
  return { name, code, text: typeof fields.message === 'string' ? fields.message : '' };
}

/** The header Node names in ERR_INVALID_CHAR / ERR_INVALID_HTTP_TOKEN (`... ["mex-subject"]`): our header names, never values. */
function headerNamed(text: string): string | null {
  const match = /\["([A-Za-z0-9!#$%&'*+.^_`|~-]{1,64})"\]\s*$/.exec(text);
  return match?.[1] ?? null;
}

/** Node's http and undici's fetch refuse header values outside Latin-1, with CR/LF/NUL, or DEL. */
function isHeaderEncodingError({ code, text }: ErrorFacts): boolean {
  if (code === 'ERR_INVALID_CHAR' || code === 'ERR_INVALID_HTTP_TOKEN') return true;
  return /ByteString|invalid header (value|name)/i.test(text);
}

/**
 * Pure: the `message-fault` outcome for an error thrown while one message's request was being built
 * or handed to the network. The text names the stage, the header (for Node's own errors), the
 * error's name and code: never the error's message, which may quote the value it refused.
 */
export function messageFault(error: unknown, stage: FaultStage, durationMs: number): TransportOutcome {
  const facts = factsOf(error);
  const label = [facts.name, facts.code].filter((part): part is string => part !== null).join(' ');
  const because = label ? ` (${label})` : '';
  if (isHeaderEncodingError(facts)) {
    const header = headerNamed(facts.text);
    const which = header ? `the ${header} header` : 'a header';
    return {
      kind: 'message-fault',
      code: MESSAGE_FAULT.unencodableHeader,
      message: `${which} value cannot be carried by HTTP${because}; ${NOTHING_SENT}`,
      durationMs,
    };
  }
  if (facts.code === 'ERR_INVALID_URL' || facts.code === 'ERR_UNESCAPED_CHARACTERS') {
    return {
      kind: 'message-fault',
      code: MESSAGE_FAULT.invalidRequestUrl,
      message: `the request URL could not be formed${because}; ${NOTHING_SENT}`,
      durationMs,
    };
  }
  return { kind: 'message-fault', code: STAGE_CODE[stage], message: `${STAGE_TEXT[stage]}${because}; ${NOTHING_SENT}`, durationMs };
}

/** A message-fault outcome with a reason the caller states itself (already PII-free). */
export function messageFaultWith(code: MessageFaultCode, reason: string, durationMs: number): TransportOutcome {
  return { kind: 'message-fault', code, message: `${reason}; ${NOTHING_SENT}`, durationMs };
}
