import type { GeneratedConsultation, PiiKind } from '@firstsync/system-harness';

type ConsultationInput = GeneratedConsultation['body'];

/** A text that certainly carries one patient value: the PII scan must report it. */
export interface PiiControl {
  readonly where: string;
  readonly text: string;
  readonly kind: PiiKind;
}

// As the dashboard's templates escape text (services/dashboard/src/http/html.ts).
const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };
const html = (text: string) => text.replace(/[&<>"'`]/g, (c) => HTML[c] ?? c);
const ascii = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '');

const logLine = (msg: string, extra: Record<string, unknown> = {}) => JSON.stringify({ level: 20, time: 1_700_000_000_000, service: 'control', msg, ...extra });

/**
 * Positive controls for the PII scan, built straight from the consultations (not from the list of
 * values the scan looks for, so a value that list forgets is caught too): every fixture's NHS
 * number in the spellings people and systems write it, each name part, birth date, postcode and
 * note, each inside the kinds of text the scan reads (a JSON log line, a whole logged body, an
 * HTML page, a CSV row).
 */
export function piiControls(consultations: readonly ConsultationInput[]): PiiControl[] {
  const controls: PiiControl[] = [];
  const add = (kind: PiiKind, label: string, text: string) => controls.push({ where: `control ${controls.length} (${label})`, kind, text });
  for (const c of consultations) {
    const digits = c.patient.nhsNumber.replace(/\D/g, '');
    const spaced = `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
    add('nhs-number', 'NHS number as submitted, in a log field', logLine('patient matched', { nhsNumber: c.patient.nhsNumber }));
    add('nhs-number', 'NHS number, 10 digits in a message', logLine(`lookup for nhs=${digits}, no match`));
    add('nhs-number', 'NHS number, 3-3-4 with spaces', `<td>${spaced}</td>`);
    add('nhs-number', 'NHS number, 3-3-4 with hyphens', `row,${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)},x`);
    for (const given of c.patient.name.given ?? []) add('patient-name', 'given name in a sentence', logLine(`Patient ${given} was seen`));
    add('patient-name', 'family name in a log field', logLine('name', { family: c.patient.name.family }));
    add('patient-name', 'family name on an HTML page', `<h1 title="${html(c.patient.name.family)}">Patient</h1>`);
    add(
      'patient-name',
      'family name in upper case inside a MESH address',
      logLine('addressed', { to: `GPPROVIDER_${digits}_${c.patient.birthDate.replace(/-/g, '')}_${c.patient.name.family.toUpperCase()}` }),
    );
    add('patient-name', 'family name without accents, upper case', `to=${ascii(c.patient.name.family).toUpperCase()}`);
    add('birth-date', 'birth date', `<dd>${c.patient.birthDate}</dd>`);
    if (c.patient.postcode) {
      add('postcode', 'postcode', logLine('address', { postcode: c.patient.postcode }));
      add('postcode', 'postcode without its space', `${c.patient.postcode.replace(/\s/g, '')};`);
    }
    for (const [field, note] of Object.entries(c.notes ?? {})) {
      if (typeof note !== 'string' || note.trim().length < 3) continue;
      add('note-text', `notes.${field} in a log field`, logLine('note', { [field]: note }));
      add('note-text', `notes.${field} on an HTML page`, `<p class="note">${html(note)}</p>`);
      // Only the start survives a truncating log formatter.
      add('note-text', `notes.${field} truncated to 40 characters`, `summary: ${note.slice(0, 40)}`);
    }
    add('nhs-number', 'a whole consultation logged as JSON', logLine('request body', { body: c }));
  }
  return controls;
}
