export { readConsultationSummary, UnreadableMessageError } from './read-summary';
export { escapeHtml, renderSummaryHtml, renderSummaryText } from './render-html';
export { renderSummaryPdf } from './render-pdf';
export { type SummarySection, summaryHeadline, summarySections } from './sections';
export type { ConsultationSummary } from './summary';
