import { constants } from 'node:os';
import { messageFault } from '../message-fault';
import type { TransportOutcome } from '../port';

/** Nodemailer reports socket faults as ESOCKET with the errno number; the errno name says more (ECONNREFUSED). */
function errnoName(errno: unknown): string | null {
  if (typeof errno !== 'number') return null;
  const found = Object.entries(constants.errno).find(([, value]) => value === Math.abs(errno));
  return found ? found[0] : null;
}

/** Nodemailer's codes for a mail it refused to send itself (command `API`: no reply from the relay involved). */
const REFUSED_BEFORE_SENDING = new Set(['EENVELOPE', 'EMESSAGE', 'ESTREAM']);

/**
 * Nodemailer errors -> delivery outcome. 4xx SMTP replies and connection problems are temporary;
 * a 5xx reply rejects this mail for good (unknown mailbox, policy), except 5xx on authentication,
 * which is our configuration and heals when it is fixed, so it is retried like a network fault.
 * A mail nodemailer refused to compose or hand over (no reply from the relay, no connection fault)
 * is a message fault: nothing reached the relay, so it says nothing about the practice.
 */
export function classifySmtpError(error: unknown, durationMs: number): TransportOutcome {
  const fields = typeof error === 'object' && error !== null ? (error as { code?: unknown; responseCode?: unknown; command?: unknown; errno?: unknown }) : {};
  const responseCode = typeof fields.responseCode === 'number' ? fields.responseCode : null;
  const code = errnoName(fields.errno) ?? (typeof fields.code === 'string' ? fields.code : null);
  const command = typeof fields.command === 'string' ? fields.command.split(' ')[0] : null;
  // Never the server's reply text: it may echo recipient addresses.
  const where = command ? ` on ${command}` : '';
  if (code === 'EAUTH')
    return { kind: 'retryable', code: 'smtp-auth', message: `SMTP authentication refused${responseCode ? ` (${responseCode})` : ''}`, durationMs };
  if (responseCode !== null && responseCode >= 500)
    return { kind: 'permanent', code: `smtp-${responseCode}`, message: `SMTP server rejected the mail (${responseCode}${where})`, durationMs };
  if (responseCode !== null && responseCode >= 400)
    return { kind: 'retryable', code: `smtp-${responseCode}`, message: `SMTP server deferred the mail (${responseCode}${where})`, durationMs };
  if (code !== null && REFUSED_BEFORE_SENDING.has(code) && (command === null || command === 'API'))
    return messageFault({ name: 'SmtpError', code }, 'request', durationMs);
  if (code) return { kind: 'retryable', code, message: `SMTP connection problem (${code})`, durationMs };
  // Neither a reply nor a connection fault: thrown while the mail was being composed, on our side.
  return messageFault(error, 'request', durationMs);
}
