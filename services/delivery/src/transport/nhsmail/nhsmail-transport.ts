import { UnreadableMessageError } from '@firstsync/consultation-summary';
import type { GpMessage } from '@firstsync/contracts';
import type { Transporter } from 'nodemailer';
import { MESSAGE_FAULT, messageFault, messageFaultWith } from '../message-fault';
import type { Route, SendOptions, Transport, TransportOutcome } from '../port';
import { classifySmtpError } from './classify-smtp-error';
import { buildSummaryEmail, type SummaryEmail } from './summary-email';

export interface NhsmailTransportOptions {
  readonly host: string;
  readonly port: number;
  readonly secure: boolean;
  readonly requireTls: boolean;
  readonly auth?: { readonly user: string; readonly pass: string } | undefined;
  readonly from: string;
  readonly timeoutMs: number;
  /** TLS name checks etc. for the relay (tests pass their own CA). */
  readonly tls?: { readonly rejectUnauthorized?: boolean; readonly ca?: string | Buffer } | undefined;
}

/** `code` of the outcome for a practice without an NHSmail address of its own: nothing is mailed. */
export const NO_NHSMAIL_ADDRESS = MESSAGE_FAULT.noNhsmailAddress;
/** `code` of a successful send: the engine records it as `fallback-sent`. */
export const FALLBACK_SENT = 'fallback-sent';

/**
 * NHSmail fallback: a readable summary (HTML body, text alternative, PDF attachment) mailed over
 * SMTP to the practice's shared NHSmail mailbox. "Delivered" here means the relay accepted it for
 * every recipient; nothing confirms a person read it, which is why this is the fallback.
 */
export function createNhsmailTransport(options: NhsmailTransportOptions): Transport {
  // nodemailer is loaded with the first fallback mail, not at start-up: most delivery processes never
  // send one, and the library is about 4 MB of heap in each of them.
  let mailer: Promise<Transporter> | undefined;
  const createMailer = async (): Promise<Transporter> => {
    const { default: nodemailer } = await import('nodemailer');
    return nodemailer.createTransport({
      host: options.host,
      port: options.port,
      secure: options.secure,
      requireTLS: options.requireTls,
      ignoreTLS: !options.secure && !options.requireTls,
      ...(options.auth ? { auth: { user: options.auth.user, pass: options.auth.pass } } : {}),
      connectionTimeout: options.timeoutMs,
      greetingTimeout: options.timeoutMs,
      socketTimeout: options.timeoutMs,
      ...(options.tls ? { tls: { ...options.tls } } : {}),
      // Nodemailer's own logger would print recipients and headers: keep it off.
      logger: false,
    });
  };

  return {
    kind: 'nhsmail',
    async send(message: GpMessage, route: Route, sendOptions: SendOptions = {}): Promise<TransportOutcome> {
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      // The last gate before patient data leaves by mail: only a practice's own mailbox (issue #18).
      if (!route.nhsmailAddress || route.source !== 'practice')
        return messageFaultWith(NO_NHSMAIL_ADDRESS, `no known NHSmail address for practice ${route.practiceOds}`, 0);
      if (sendOptions.signal?.aborted) return { kind: 'retryable', code: 'aborted', message: 'send aborted (service stopping)', durationMs: 0 };
      let email: SummaryEmail;
      try {
        email = await buildSummaryEmail(message);
      } catch (error) {
        // Our side, before the relay is contacted: a message fault, never the practice's.
        if (error instanceof UnreadableMessageError)
          return messageFaultWith(MESSAGE_FAULT.unreadableMessage, `cannot build the summary: ${error.message}`, elapsed());
        return messageFault(error, 'summary', elapsed());
      }
      try {
        mailer ??= createMailer();
        const info = await (await mailer).sendMail({
          from: options.from,
          to: route.nhsmailAddress,
          subject: email.subject,
          text: email.text,
          html: email.html,
          messageId: email.messageId,
          headers: {
            'X-Firstsync-Consultation-Id': message.consultationId,
            'X-Firstsync-Correlation-Id': message.correlationId,
            'X-Firstsync-Version': String(message.version),
          },
          attachments: [{ filename: email.fileName, content: Buffer.from(email.pdf), contentType: 'application/pdf' }],
        });
        const rejected = Array.isArray(info.rejected) ? info.rejected.length : 0;
        if (rejected > 0)
          return { kind: 'permanent', code: 'smtp-recipient-rejected', message: 'the relay refused the practice mailbox', durationMs: elapsed() };
        return { kind: 'delivered', code: FALLBACK_SENT, message: 'summary email accepted by the NHSmail relay', durationMs: elapsed() };
      } catch (error) {
        return classifySmtpError(error, elapsed());
      }
    },
    async close() {
      (await mailer?.catch(() => undefined))?.close();
    },
  };
}
