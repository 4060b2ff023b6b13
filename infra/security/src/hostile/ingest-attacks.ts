import { randomUUID } from 'node:crypto';
import { freshNhsNumber, type GeneratedConsultation, generateConsultations } from '@firstsync/system-harness';
import { fuzzText } from './fuzz-text';
import { NAME_CASES, type NameCase } from './names';

export type Consultation = GeneratedConsultation['body'];

/**
 * What a correct ingest does with a request: refuse it (4xx problem), accept it (a real name:
 * 2xx, then filed at the GP), or either (refused with a problem, or accepted and then filed).
 */
export type Expectation = 'refuse' | 'accept' | 'either';

export interface IngestAttack {
  readonly group: string;
  readonly label: string;
  readonly path: '/v1/consultations' | '/v1/consultations/batch';
  /** The exact bytes sent (duplicate keys and invalid UTF-8 cannot be made with JSON.stringify). */
  readonly body: Uint8Array;
  /** Which API key sends it (the rate-limit check uses its own). */
  readonly sender: 'main' | 'batch';
  /** The consultations it carries, in item order. */
  readonly consultationIds: readonly string[];
  readonly expect: Expectation;
}

/** Where a name can go: every place a consultation carries one. */
export const NAME_FIELDS = ['patient.name.family', 'patient.name.given', 'pharmacy.name', 'clinician.name.family'] as const;
export type NameField = (typeof NAME_FIELDS)[number];

/** Free-text fields the fuzzer writes into, besides the names. */
const TEXT_FIELDS = ['notes.clinicalSummary', 'notes.history', 'notes.adviceGiven'] as const;

const encode = (text: string) => new TextEncoder().encode(text);
const json = (body: unknown) => encode(JSON.stringify(body));

/** Pure: the consultation with one field set (the field paths above). */
export function withField(body: Consultation, field: NameField | (typeof TEXT_FIELDS)[number], value: string): Consultation {
  const copy = structuredClone(body);
  if (field === 'patient.name.family') copy.patient.name.family = value;
  else if (field === 'patient.name.given') copy.patient.name.given = [value];
  else if (field === 'pharmacy.name') copy.pharmacy.name = value;
  else if (field === 'clinician.name.family') copy.clinician.name.family = value;
  else copy.notes = { ...copy.notes, [field.slice('notes.'.length)]: value };
  return copy;
}

/** Fresh valid consultations for a pharmacy: new ids, new patients (NHS numbers), consent given. */
export function freshConsultations(count: number, pharmacyOds: string, practices: readonly string[], random: () => number): Consultation[] {
  return generateConsultations({ count, pharmacyOds, practices, poisonPractices: [], poisonRatio: 0, random }).map(({ body }) => ({
    ...body,
    patient: { ...body.patient, nhsNumber: freshNhsNumber(random) },
  }));
}

/** Pure: JSON text with raw bytes put where `marker` was (invalid UTF-8 cannot be a JS string). */
function withBytes(body: Consultation, field: NameField | (typeof TEXT_FIELDS)[number], bytes: readonly number[]): Uint8Array {
  const marker = 'MARKER-7f3a';
  const [before, after] = JSON.stringify(withField(body, field, `Ab${marker}cd`)).split(marker);
  return new Uint8Array([...encode(before ?? ''), ...bytes, ...encode(after ?? '')]);
}

/** Pure: the JSON text of the body with `insert` placed right before the first `anchor`. */
function insertBefore(body: Consultation, anchor: string, insert: string): Uint8Array {
  const text = JSON.stringify(body);
  const at = text.indexOf(anchor);
  if (at < 0) throw new Error(`anchor ${anchor} not in the body`);
  return encode(`${text.slice(0, at)}${insert}${text.slice(at)}`);
}

/** Hands out the next fresh consultation. */
type Next = () => Consultation;

/**
 * The attacks of the outside probe, as it made them: duplicate JSON keys (last wins), invalid
 * UTF-8, free text of zero-width characters only, NUL/ESC and other controls in free text.
 */
export function probeAttacks(next: Next, otherPharmacyOds: string): IngestAttack[] {
  const attacks: IngestAttack[] = [];
  const single = (group: string, label: string, body: Consultation, bytes: Uint8Array, expect: Expectation = 'refuse') =>
    attacks.push({ group, label, path: '/v1/consultations', body: bytes, sender: 'main', consultationIds: [body.consultationId], expect });

  // Duplicate keys: the probe's odsCode pair and consent false-then-true, and the same trick on ids.
  let c = next();
  single(
    'duplicate JSON keys',
    'pharmacy.odsCode twice (other pharmacy first, own last)',
    c,
    insertBefore(c, `"odsCode":"${c.pharmacy.odsCode}"`, `"odsCode":"${otherPharmacyOds}",`),
  );
  c = next();
  single('duplicate JSON keys', 'consentToShareWithGp false, then true', c, insertBefore(c, '"consentToShareWithGp":true', '"consentToShareWithGp":false,'));
  c = next();
  single('duplicate JSON keys', 'consultationId twice', c, encode(`{"consultationId":"${randomUUID()}",${JSON.stringify(c).slice(1)}`));
  c = next();
  single('duplicate JSON keys', 'patient.nhsNumber twice', c, insertBefore(c, '"nhsNumber":', `"nhsNumber":"${freshNhsNumber()}",`));

  // Invalid UTF-8 (a decoder that replaces it with U+FFFD silently changes the clinical record).
  const badBytes: [string, number[]][] = [
    ['lone 0xFF byte', [0xff]],
    ['truncated 3-byte sequence', [0xe2, 0x82]],
    ['overlong encoding of "/"', [0xc0, 0xaf]],
    ['UTF-8-encoded surrogate (CESU)', [0xed, 0xa0, 0x80]],
    ['Latin-1 byte for é', [0xe9]],
  ];
  for (const [label, bytes] of badBytes) {
    c = next();
    single('invalid UTF-8', `${label} in notes.clinicalSummary`, c, withBytes(c, 'notes.clinicalSummary', bytes));
  }
  c = next();
  single('invalid UTF-8', 'lone 0xFF byte in patient.name.family', c, withBytes(c, 'patient.name.family', [0xff]));

  // Text that is blank once whitespace and format characters are removed.
  const blanks: [string, string][] = [
    ['zero-width characters only', '\u200B\u200C\u200D\u2060\uFEFF'],
    ['no-break and em spaces with a soft hyphen', '\u00A0\u2003\u00AD\u200B'],
    ['bidi marks only', '\u200E\u200F\u202A\u202C'],
  ];
  for (const [label, text] of blanks) {
    for (const field of ['notes.clinicalSummary', 'notes.history'] as const) {
      c = next();
      const body = withField(c, field, text);
      single('blank free text', `${label} in ${field}`, body, json(body));
    }
  }

  // Control characters in free text (tabs and line breaks in notes are for the either-group).
  const controls: [string, string][] = [
    ['NUL', 'Sore throat\u0000 for 3 days'],
    ['ESC sequence', 'Sore throat\u001B[2J for 3 days'],
    ['BEL', 'Sore throat\u0007'],
    ['DEL', 'Sore\u007F throat'],
    ['C1 control U+009B', 'Sore\u009B2J throat'],
  ];
  for (const [label, text] of controls) {
    for (const field of ['notes.clinicalSummary', 'pharmacy.name'] as const) {
      c = next();
      const body = withField(c, field, text);
      single('control characters', `${label} in ${field}`, body, json(body));
    }
  }
  c = next();
  const multiLine = withField(c, 'notes.clinicalSummary', 'Line one\n\tindented line two\r\nline three');
  single('control characters', 'tab and line breaks in notes.clinicalSummary (allowed in notes)', multiLine, json(multiLine), 'either');
  return attacks;
}

/** Every name case in every field that carries a name: real Latin-script ones must be accepted and filed. */
export function nameAttacks(next: Next, names: readonly NameCase[] = NAME_CASES, fields: readonly NameField[] = NAME_FIELDS): IngestAttack[] {
  return names.flatMap((name) =>
    fields.map((field) => {
      const body = withField(next(), field, name.text);
      return {
        group: 'unusual names',
        label: `${name.label} in ${field}`,
        path: '/v1/consultations',
        body: json(body),
        sender: 'main',
        consultationIds: [body.consultationId],
        expect: name.kind === 'latin' ? 'accept' : 'either',
      } as const;
    }),
  );
}

/** Random text from every plane in random name and free-text fields. */
export function fuzzAttacks(next: Next, count: number, random: () => number): IngestAttack[] {
  const fields = [...NAME_FIELDS, ...TEXT_FIELDS];
  return Array.from({ length: count }, (_, i) => {
    const field = fields[Math.floor(random() * fields.length)] ?? 'notes.clinicalSummary';
    const body = withField(next(), field, fuzzText(random));
    return {
      group: 'fuzzed text',
      label: `fuzz ${i} in ${field}`,
      path: '/v1/consultations',
      body: json(body),
      sender: 'main',
      consultationIds: [body.consultationId],
      expect: 'either',
    } as const;
  });
}

/** Full batches sent back to back with a key of their own: each item must cost a rate-limit token. */
export function batchAttacks(next: Next, batches: number, size = 100): IngestAttack[] {
  return Array.from({ length: batches }, (_, i) => {
    const items = Array.from({ length: size }, () => next());
    return {
      group: 'batches vs rate limit',
      label: `batch ${i + 1} of ${size}`,
      path: '/v1/consultations/batch',
      body: json({ consultations: items }),
      sender: 'batch',
      consultationIds: items.map((item) => item.consultationId),
      expect: 'either',
    } as const;
  });
}
