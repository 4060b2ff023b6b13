import { ITK_RESPONSE_CODES, type ItkResponseLevel } from '@firstsync/consultation-lifecycle';
import { ITK_EVENT } from '../codes';
import { EXTENSION, SYSTEM } from '../profiles';

export interface ItkAck {
  kind: ItkResponseLevel;
  /** ITK-ResponseCodes-1 code, e.g. 20013, 20010, 30001. */
  code: string;
  display: string | null;
  positive: boolean;
  /** MessageHeader.response.code: ok | transient-error | fatal-error. */
  responseCode: string;
  /** MessageHeader.id of the message being acknowledged (STU3 response.identifier). */
  messageHeaderId: string;
  /** SenderReference echoed by the responder, when present and not "None". */
  senderReference: string | null;
  /** The responder's text; ITK3 forbids patient data in it. */
  diagnostics: string | null;
  /** The acknowledgement's own identifiers. */
  ackBundleIdentifier: string | null;
  ackMessageHeaderId: string | null;
  responderOds: string | null;
  timestamp: string | null;
}

export class ItkAckParseError extends Error {
  constructor(readonly path: string) {
    // Names where the structure broke, never a value.
    super(`not an ITK3 acknowledgement: ${path}`);
    this.name = 'ItkAckParseError';
  }
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

function entryResources(bundle: Json): { fullUrl: string | null; resource: Json }[] {
  const entries = Array.isArray(bundle.entry) ? bundle.entry.filter(isObject) : [];
  return entries.filter((e) => isObject(e.resource)).map((e) => ({ fullUrl: str(e.fullUrl), resource: e.resource as Json }));
}

function resolve(entries: { fullUrl: string | null; resource: Json }[], reference: string | null, type: string): Json | undefined {
  if (reference === null) return undefined;
  return entries.find(({ fullUrl, resource }) => resource.resourceType === type && (fullUrl === reference || `${type}/${String(resource.id)}` === reference))
    ?.resource;
}

/**
 * Reads an ITK3 response message (JSON text or parsed) into what a sender's state machine needs.
 * Throws ItkAckParseError when it is not an ITK008M response with an ITK response code.
 */
export function parseItkAck(input: string | Buffer | unknown): ItkAck {
  let value: unknown = input;
  if (typeof input === 'string' || Buffer.isBuffer(input)) {
    try {
      value = JSON.parse(input.toString());
    } catch {
      throw new ItkAckParseError('(body is not JSON)');
    }
  }
  if (!isObject(value) || value.resourceType !== 'Bundle' || value.type !== 'message') throw new ItkAckParseError('Bundle.type');
  const entries = entryResources(value);
  const header = entries[0]?.resource;
  if (header?.resourceType !== 'MessageHeader') throw new ItkAckParseError('Bundle.entry[0]');
  const event = isObject(header.event) ? header.event : {};
  if (event.code !== ITK_EVENT.response.code) throw new ItkAckParseError('MessageHeader.event');
  const response = isObject(header.response) ? header.response : null;
  const messageHeaderId = response ? str(response.identifier) : null;
  if (!response || messageHeaderId === null) throw new ItkAckParseError('MessageHeader.response.identifier');

  const detailsRef = isObject(response.details) ? str(response.details.reference) : null;
  const outcome = resolve(entries, detailsRef, 'OperationOutcome') ?? entries.find((e) => e.resource.resourceType === 'OperationOutcome')?.resource;
  const issues = outcome && Array.isArray(outcome.issue) ? outcome.issue.filter(isObject) : [];
  let code: string | null = null;
  let display: string | null = null;
  let diagnostics: string | null = null;
  for (const issue of issues) {
    const codings = isObject(issue.details) && Array.isArray(issue.details.coding) ? issue.details.coding.filter(isObject) : [];
    const itk = codings.find((c) => c.system === SYSTEM.itkResponseCodes && typeof c.code === 'string');
    if (itk) {
      code = itk.code as string;
      display = str(itk.display);
      diagnostics = str(issue.diagnostics);
      break;
    }
  }
  if (code === null || !/^[123]\d{4}$/.test(code)) throw new ItkAckParseError('OperationOutcome.issue.details.coding');

  const known = ITK_RESPONSE_CODES.get(code);
  const responseCode = str(response.code) ?? 'fatal-error';
  const handling = (Array.isArray(header.extension) ? header.extension.filter(isObject) : []).find((e) => e.url === EXTENSION.messageHandling);
  const sub = handling && Array.isArray(handling.extension) ? handling.extension.filter(isObject) : [];
  const senderReference = str(sub.find((e) => e.url === 'SenderReference')?.valueString);
  const sender = isObject(header.sender) ? resolve(entries, str(header.sender.reference), 'Organization') : undefined;
  const ods = sender && Array.isArray(sender.identifier) ? sender.identifier.filter(isObject).find((i) => i.system === SYSTEM.odsOrganization) : undefined;

  return {
    kind: known?.level ?? (code.startsWith('3') ? 'business' : 'infrastructure'),
    code,
    display: display ?? known?.display ?? null,
    // Unknown (newer) codes: fall back to the header's ok / error.
    positive: known ? known.positive : responseCode === 'ok',
    responseCode,
    messageHeaderId,
    senderReference: senderReference === 'None' ? null : senderReference,
    diagnostics,
    ackBundleIdentifier: isObject(value.identifier) ? str(value.identifier.value) : null,
    ackMessageHeaderId: str(header.id),
    responderOds: ods ? str(ods.value) : null,
    timestamp: str(header.timestamp),
  };
}

/** parseItkAck without throwing: null when the payload is not an acknowledgement. */
export function tryParseItkAck(input: string | Buffer | unknown): ItkAck | null {
  try {
    return parseItkAck(input);
  } catch (error) {
    if (error instanceof ItkAckParseError) return null;
    throw error;
  }
}
