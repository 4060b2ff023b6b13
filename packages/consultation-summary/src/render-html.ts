import { summaryHeadline, summarySections } from './sections';
import type { ConsultationSummary } from './summary';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Everything in the summary comes from pharmacy input: escape all of it. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const FOOTER =
  'Sent by email because this practice could not receive it as a structured GP Connect Update Record message. ' +
  'Please review and file it in the patient record. A PDF copy is attached.';

/** A self-contained HTML email body (inline styles only: mail clients drop style sheets). */
export function renderSummaryHtml(summary: ConsultationSummary): string {
  const blocks = summarySections(summary).map((section) => {
    const rows = section.rows
      .map(
        ([label, value]) =>
          `<tr><th style="text-align:left;padding:2px 12px 2px 0;vertical-align:top">${escapeHtml(label)}</th><td style="padding:2px 0">${escapeHtml(value)}</td></tr>`,
      )
      .join('');
    const table = rows ? `<table style="border-collapse:collapse">${rows}</table>` : '';
    const paragraphs = section.paragraphs.map((p) => `<p style="white-space:pre-wrap;margin:4px 0">${escapeHtml(p)}</p>`).join('');
    return `<h2 style="font-size:16px;margin:16px 0 4px">${escapeHtml(section.heading)}</h2>${table}${paragraphs}`;
  });
  return [
    '<!doctype html>',
    `<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(summary.title)}</title></head>`,
    '<body style="font-family:Arial,sans-serif;font-size:14px;color:#212b32">',
    `<h1 style="font-size:20px">${escapeHtml(summaryHeadline(summary))}</h1>`,
    `<p>${escapeHtml(summary.title)}</p>`,
    ...blocks,
    `<p style="margin-top:24px;color:#4c6272">${escapeHtml(FOOTER)}</p>`,
    '</body></html>',
  ].join('\n');
}

/** The plain-text alternative part of the email. */
export function renderSummaryText(summary: ConsultationSummary): string {
  const lines = [summaryHeadline(summary), summary.title, ''];
  for (const section of summarySections(summary)) {
    lines.push(section.heading.toUpperCase());
    for (const [label, value] of section.rows) lines.push(`  ${label}: ${value}`);
    for (const paragraph of section.paragraphs) lines.push(`  ${paragraph}`);
    lines.push('');
  }
  lines.push(FOOTER);
  return lines.join('\n');
}
