export type { ConsultationSummary } from './summary';
export { readConsultationSummary, UnreadableMessageError } from './read-summary';
export { summaryHeadline, summarySections, type SummarySection } from './sections';
export { escapeHtml, renderSummaryHtml, renderSummaryText } from './render-html';
export { renderSummaryPdf } from './render-pdf';
