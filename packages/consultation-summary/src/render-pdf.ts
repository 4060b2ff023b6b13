import type { PDFDocument, PDFFont, PDFPage } from 'pdf-lib';
import { summaryHeadline, summarySections } from './sections';
import type { ConsultationSummary } from './summary';

const PAGE = { width: 595.28, height: 841.89 }; // A4 in points
const MARGIN = 50;
const SIZE = { title: 16, heading: 12, body: 10 };
const LEADING = 1.4;
const LABEL_WIDTH = 150;

// pdf-lib is loaded on the first summary, not at start-up: delivery renders one only for the NHSmail
// fallback, and the library is about 3 MB of heap in every delivery process that never uses it.
type PdfLib = typeof import('pdf-lib');

/** Standard PDF fonts only speak WinAnsi: anything else (emoji, most non-Latin text) becomes '?'. */
function encodable(font: PDFFont): (value: string) => string {
  const supported = new Set(font.getCharacterSet());
  return (value) =>
    Array.from(value.replace(/\t/g, ' '))
      .map((c) => (supported.has(c.codePointAt(0) ?? 0) ? c : '?'))
      .join('');
}

function wrap(value: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of value.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/ +/)) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      // A single word wider than the column (a long id) is cut into pieces that fit.
      let rest = word;
      while (font.widthOfTextAtSize(rest, size) > width && rest.length > 1) {
        let cut = rest.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut -= 1;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}

/** A cursor that writes lines top to bottom and starts a new page when one is full. */
function writer(doc: PDFDocument, rgb: PdfLib['rgb']) {
  let page: PDFPage = doc.addPage([PAGE.width, PAGE.height]);
  let y = PAGE.height - MARGIN;
  return {
    need(height: number) {
      if (y - height >= MARGIN) return;
      page = doc.addPage([PAGE.width, PAGE.height]);
      y = PAGE.height - MARGIN;
    },
    line(value: string, x: number, font: PDFFont, size: number, gray = 0.1) {
      page.drawText(value, { x, y: y - size, size, font, color: rgb(gray, gray, gray) });
    },
    advance(height: number) {
      y -= height;
    },
  };
}

/** Renders the summary as an A4 PDF (the attachment practices file into the record). */
export async function renderSummaryPdf(summary: ConsultationSummary, options: { createdAt?: Date } = {}): Promise<Uint8Array> {
  const { PDFDocument, rgb, StandardFonts } = await import('pdf-lib');
  const doc = await PDFDocument.create();
  doc.setTitle(summary.title);
  doc.setSubject(summaryHeadline(summary));
  doc.setProducer('firstsync');
  doc.setCreator('firstsync consultation-summary');
  // Fixed dates keep the bytes reproducible for the same input when the caller passes one.
  const created = options.createdAt ?? new Date();
  doc.setCreationDate(created);
  doc.setModificationDate(created);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const clean = encodable(regular);
  const out = writer(doc, rgb);
  const contentWidth = PAGE.width - 2 * MARGIN;

  const block = (value: string, font: PDFFont, size: number, x: number, width: number, gray?: number) => {
    for (const line of wrap(clean(value), font, size, width)) {
      out.need(size * LEADING);
      out.line(line, x, font, size, gray);
      out.advance(size * LEADING);
    }
  };

  block(summaryHeadline(summary), bold, SIZE.title, MARGIN, contentWidth);
  block(summary.title, regular, SIZE.body, MARGIN, contentWidth, 0.3);
  for (const section of summarySections(summary)) {
    out.advance(SIZE.body);
    out.need(SIZE.heading * LEADING * 2);
    block(section.heading, bold, SIZE.heading, MARGIN, contentWidth);
    for (const [label, value] of section.rows) {
      const labelLines = wrap(clean(label), bold, SIZE.body, LABEL_WIDTH - 10);
      const valueLines = wrap(clean(value), regular, SIZE.body, contentWidth - LABEL_WIDTH);
      for (let i = 0; i < Math.max(labelLines.length, valueLines.length); i += 1) {
        out.need(SIZE.body * LEADING);
        const labelLine = labelLines[i];
        const valueLine = valueLines[i];
        if (labelLine) out.line(labelLine, MARGIN, bold, SIZE.body);
        if (valueLine) out.line(valueLine, MARGIN + LABEL_WIDTH, regular, SIZE.body);
        out.advance(SIZE.body * LEADING);
      }
    }
    for (const paragraph of section.paragraphs) block(paragraph, regular, SIZE.body, MARGIN, contentWidth);
  }
  return doc.save();
}
