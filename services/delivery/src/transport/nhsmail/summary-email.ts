import { readConsultationSummary, renderSummaryHtml, renderSummaryPdf, renderSummaryText } from '@firstsync/consultation-summary';
import type { GpMessage } from '@firstsync/contracts';
import { mailFileName, mailHeaderText } from './mail-header-text';

export interface SummaryEmail {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  readonly pdf: Uint8Array;
  readonly fileName: string;
  /** Same id for every send of one version: a mailbox (or a reader) can see a resend is the same mail. */
  readonly messageId: string;
}

/**
 * The fallback email for one message. The subject names the service, pharmacy and our reference
 * but no patient: subjects show in mailbox lists, notifications and relay logs.
 */
export async function buildSummaryEmail(message: GpMessage, options: { createdAt?: Date } = {}): Promise<SummaryEmail> {
  const summary = readConsultationSummary(message.bundle);
  const correction = summary.replacesEarlierVersion ? `CORRECTION (version ${summary.version}): ` : '';
  // The pharmacy's name as typed, made safe for a header (mailHeaderText), bounded so the reference
  // at the end of the subject is never cut; the ODS code stands in when nothing printable is left.
  const ods = mailHeaderText(summary.pharmacy.odsCode, 20);
  const name = mailHeaderText(summary.pharmacy.name, 120) || ods || 'a pharmacy';
  const pharmacy = ods && name !== ods ? `${name} (${ods})` : name;
  return {
    subject: mailHeaderText(`${correction}${summary.service} consultation summary from ${pharmacy} - ref ${message.consultationId}`, 320),
    html: renderSummaryHtml(summary),
    text: renderSummaryText(summary),
    pdf: await renderSummaryPdf(summary, options.createdAt ? { createdAt: options.createdAt } : {}),
    fileName: mailFileName(`consultation-summary-${message.consultationId}-v${message.version}.pdf`),
    messageId: `<${message.consultationId}.v${message.version}.${message.identifiers.documentIdentifier}@firstsync>`,
  };
}
