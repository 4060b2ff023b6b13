import { scrubText } from '@firstsync/logging';
import { messageFault } from '../message-fault';
import type { TransportOutcome } from '../port';

/**
 * What came back from one FHIR call: a response (status and body: parsed JSON, a string when the
 * body was not JSON, undefined when empty) or an error thrown before any response.
 */
export type HttpExchange = { readonly kind: 'response'; readonly status: number; readonly body: unknown } | { readonly kind: 'error'; readonly error: unknown };

const MAX_MESSAGE = 500;

type Json = Record<string, unknown>;

interface Issue {
  severity: string;
  code: string;
  text: string | null;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function issuesOf(body: unknown): Issue[] | null {
  if (!isObject(body) || body.resourceType !== 'OperationOutcome' || !Array.isArray(body.issue)) return null;
  return body.issue.filter(isObject).map((issue) => {
    const details = isObject(issue.details) && typeof issue.details.text === 'string' ? issue.details.text : null;
    return {
      severity: typeof issue.severity === 'string' ? issue.severity : 'error',
      code: typeof issue.code === 'string' ? issue.code : 'unknown',
      text: typeof issue.diagnostics === 'string' ? issue.diagnostics : details,
    };
  });
}

/** An ITK3/FHIR response message: MessageHeader.response.code is ok | transient-error | fatal-error. */
function messageResponseCode(body: unknown): string | null {
  if (!isObject(body) || body.resourceType !== 'Bundle' || !Array.isArray(body.entry)) return null;
  const first = body.entry[0];
  const header = isObject(first) && isObject(first.resource) && first.resource.resourceType === 'MessageHeader' ? first.resource : null;
  return header && isObject(header.response) && typeof header.response.code === 'string' ? header.response.code : null;
}

/** Receivers must keep diagnostics PII-free; we scrub and truncate anyway, since it goes to events. */
export function safeText(text: string): string {
  const scrubbed = scrubText(text.replace(/\s+/g, ' ').trim());
  return scrubbed.length > MAX_MESSAGE ? `${scrubbed.slice(0, MAX_MESSAGE - 3)}...` : scrubbed;
}

function describe(issues: Issue[] | null, fallback: string): string {
  const errors = (issues ?? []).filter((i) => i.severity === 'error' || i.severity === 'fatal');
  const shown = (errors.length > 0 ? errors : (issues ?? [])).map((i) => (i.text ? `${i.code}: ${i.text}` : i.code));
  return safeText(shown.length > 0 ? shown.join('; ') : fallback);
}

/**
 * An error thrown before any response: the far side's silence (timeout, refused or reset
 * connection: undici reports these as `fetch failed` or `terminated` with a coded cause) is
 * retryable; a stop of our own is retryable too. Anything else was thrown while the request was
 * being built (fhir-kit-client builds Headers and the Request before fetching: a header value
 * outside Latin-1, a body that cannot be serialised) or is a bug: a message fault.
 */
function thrownOutcome(error: unknown, durationMs: number): TransportOutcome {
  const name = isObject(error) || error instanceof Error ? String((error as { name?: unknown }).name ?? '') : '';
  if (name === 'TimeoutError') return { kind: 'retryable', code: 'timeout', message: 'no answer within the request timeout', durationMs };
  if (name === 'AbortError') return { kind: 'retryable', code: 'aborted', message: 'request aborted (service stopping)', durationMs };
  const cause = error instanceof Error ? (error as Error & { cause?: unknown }).cause : undefined;
  const causeCode =
    isObject(cause) && typeof cause.code === 'string'
      ? cause.code
      : isObject(error) && typeof error.code === 'string' && !error.code.startsWith('ERR_')
        ? error.code
        : null;
  if (causeCode === 'UND_ERR_HEADERS_TIMEOUT' || causeCode === 'UND_ERR_BODY_TIMEOUT')
    return { kind: 'retryable', code: 'timeout', message: `no answer in time (${causeCode})`, durationMs };
  if (causeCode) return { kind: 'retryable', code: causeCode, message: `network error: ${causeCode}`, durationMs };
  const text = error instanceof Error ? error.message : '';
  if (name === 'TypeError' && (text === 'fetch failed' || text === 'terminated'))
    return { kind: 'retryable', code: 'network-error', message: `network error: ${text}`, durationMs };
  return messageFault(error, 'request', durationMs);
}

/**
 * Decides what one FHIR `$process-message` call means for delivery. The duplicate contract: a 2xx
 * or 409 whose OperationOutcome has an issue with code `duplicate` means the receiver already has
 * this Bundle.identifier, so it counts as delivered.
 */
export function classifyExchange(exchange: HttpExchange, durationMs: number): TransportOutcome {
  if (exchange.kind === 'error') return thrownOutcome(exchange.error, durationMs);

  const { status, body } = exchange;
  const code = String(status);
  const issues = issuesOf(body);
  const duplicate = issues?.some((i) => i.code === 'duplicate') ?? false;
  const hasError = issues?.some((i) => i.severity === 'error' || i.severity === 'fatal') ?? false;

  if (status >= 200 && status < 300) {
    // A 2xx we cannot read may be a proxy's page, not the receiver's answer: never call that delivered.
    if (typeof body === 'string')
      return { kind: 'retryable', code: 'unreadable-response', message: `HTTP ${status} with a body that is not FHIR JSON`, durationMs };
    if (duplicate) return { kind: 'duplicate', code: 'duplicate', message: describe(issues, 'already received'), durationMs };
    if (hasError) return { kind: 'permanent', code, message: describe(issues, `HTTP ${status} with an error OperationOutcome`), durationMs };
    const responseCode = messageResponseCode(body);
    if (responseCode === 'transient-error') return { kind: 'retryable', code: 'transient-error', message: 'response message: transient-error', durationMs };
    if (responseCode === 'fatal-error') return { kind: 'permanent', code: 'fatal-error', message: 'response message: fatal-error', durationMs };
    return { kind: 'delivered', code, message: issues ? describe(issues, 'accepted') : 'accepted', durationMs };
  }
  if (status === 409 && duplicate) return { kind: 'duplicate', code: 'duplicate', message: describe(issues, 'already received'), durationMs };
  if (status === 408 || status === 429 || status >= 500) return { kind: 'retryable', code, message: describe(issues, `HTTP ${status}`), durationMs };
  if (status >= 400) {
    const fallback = issues ? `HTTP ${status}` : `HTTP ${status} without an OperationOutcome`;
    return { kind: 'permanent', code, message: describe(issues, fallback), durationMs };
  }
  return { kind: 'retryable', code: 'unexpected-status', message: `HTTP ${status}`, durationMs };
}
