import type { ConsultationInput } from '@firstsync/contracts';

export type PiiKind = 'nhs-number' | 'patient-name' | 'birth-date' | 'postcode' | 'note-text';

export interface PiiValue {
  readonly kind: PiiKind;
  readonly value: string;
}

export interface PiiHit {
  readonly kind: PiiKind;
  /** The value with most characters masked, so a failing report does not repeat it in full. */
  readonly masked: string;
  readonly where: string;
}

const NOTE_PROBE_LENGTH = 32;

/** The name without its accents ("Wiśniewski" -> "Wisniewski"), as ASCII-only systems spell it. */
const withoutMarks = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');

/** Every patient-identifying or clinical value of the consultations, in the forms a leak could take. */
export function sensitiveValues(consultations: readonly ConsultationInput[]): PiiValue[] {
  const values = new Map<string, PiiValue>();
  const add = (kind: PiiKind, value: string | undefined) => {
    const trimmed = value?.trim();
    if (trimmed && trimmed.length >= 3) values.set(`${kind}|${trimmed}`, { kind, value: trimmed });
  };
  for (const c of consultations) {
    const digits = c.patient.nhsNumber.replace(/\D/g, '');
    add('nhs-number', digits);
    add('nhs-number', `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`);
    add('nhs-number', `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`);
    for (const given of c.patient.name.given ?? []) add('patient-name', given);
    add('patient-name', c.patient.name.family);
    // Upper case and without accents: how MESH addresses and ASCII-only systems write a surname.
    add('patient-name', c.patient.name.family.toUpperCase());
    add('patient-name', withoutMarks(c.patient.name.family));
    add('patient-name', withoutMarks(c.patient.name.family).toUpperCase());
    add('birth-date', c.patient.birthDate);
    add('postcode', c.patient.postcode);
    add('postcode', c.patient.postcode?.replace(/\s/g, ''));
    for (const note of Object.values(c.notes ?? {})) {
      if (typeof note !== 'string') continue;
      add('note-text', note);
      // A truncated or partly scrubbed note still leaks its start.
      if (note.length > NOTE_PROBE_LENGTH) add('note-text', note.slice(0, NOTE_PROBE_LENGTH));
    }
  }
  return [...values.values()];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function matcher(value: PiiValue): RegExp {
  const escaped = escapeRegExp(value.value);
  // Names and numbers are matched as whole words/numbers so "Ward" does not hit "forward" and an
  // NHS number does not hit a longer id that happens to contain its digits.
  if (value.kind === 'patient-name') return new RegExp(`(?<![\\p{L}])${escaped}(?![\\p{L}])`, 'u');
  if (value.kind === 'nhs-number' || value.kind === 'birth-date') return new RegExp(`(?<![0-9])${escaped}(?![0-9])`);
  return new RegExp(escaped);
}

function mask(value: string): string {
  return value.length <= 4 ? '*'.repeat(value.length) : `${value.slice(0, 2)}${'*'.repeat(Math.min(value.length - 4, 12))}${value.slice(-2)}`;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** A value as it appears raw, inside a JSON string and inside HTML text or attributes. */
function spellings(value: string): string[] {
  const json = JSON.stringify(value).slice(1, -1);
  const html = value.replace(/[&<>"'`]/g, (c) => HTML_ESCAPES[c] ?? c);
  return [...new Set([value, json, html, html.replace(/&#39;/g, '&#x27;')])];
}

/** Pure: which sensitive values appear in which texts (also JSON- or HTML-escaped). */
export function findPii(texts: readonly { where: string; text: string }[], values: readonly PiiValue[]): PiiHit[] {
  const probes = values.flatMap((value) => spellings(value.value).map((form) => ({ value, regex: matcher({ ...value, value: form }) })));
  const hits: PiiHit[] = [];
  for (const { where, text } of texts) {
    for (const probe of probes) {
      if (probe.regex.test(text)) hits.push({ kind: probe.value.kind, masked: mask(probe.value.value), where });
    }
  }
  return hits;
}
