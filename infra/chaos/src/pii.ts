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
    add('birth-date', c.patient.birthDate);
    add('postcode', c.patient.postcode);
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

/** Pure: which sensitive values appear in which texts (also in their JSON-escaped form). */
export function findPii(texts: readonly { where: string; text: string }[], values: readonly PiiValue[]): PiiHit[] {
  const probes = values.flatMap((value) => {
    const escaped = JSON.stringify(value.value).slice(1, -1);
    const forms = escaped === value.value ? [value] : [value, { ...value, value: escaped }];
    return forms.map((form) => ({ value, regex: matcher(form) }));
  });
  const hits: PiiHit[] = [];
  for (const { where, text } of texts) {
    for (const probe of probes) {
      if (probe.regex.test(text)) hits.push({ kind: probe.value.kind, masked: mask(probe.value.value), where });
    }
  }
  return hits;
}
