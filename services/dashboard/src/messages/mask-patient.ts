/** What masked patient data reads as on the page. */
export const MASK = '*** masked ***';

export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';

/** Patient fields that identify the person; all are masked until an operator reveals them. */
const PATIENT_FIELDS = ['name', 'birthDate', 'address', 'telecom'] as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isRecord(value: Json): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every string leaf of a value replaced by the mask (structure kept, so the reader sees what is there). */
function maskLeaves(value: Json): Json {
  if (typeof value === 'string') return MASK;
  if (Array.isArray(value)) return value.map(maskLeaves);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'use' ? v : maskLeaves(v)]));
  return value;
}

/** Names and numbers found in Patient resources and NHS number identifiers, for the free-text pass. */
function collectSecrets(value: Json, found: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectSecrets(item, found);
    return;
  }
  if (!isRecord(value)) return;
  if (value.system === NHS_NUMBER_SYSTEM && typeof value.value === 'string') found.add(value.value);
  if (value.resourceType === 'Patient' && Array.isArray(value.name)) {
    for (const name of value.name) {
      if (!isRecord(name)) continue;
      if (typeof name.family === 'string') found.add(name.family);
      if (Array.isArray(name.given)) for (const given of name.given) if (typeof given === 'string') found.add(given);
    }
  }
  for (const child of Object.values(value)) collectSecrets(child, found);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** NHS numbers are also written spaced (943 476 5919) in narrative text. */
function variants(secret: string): string[] {
  const digits = secret.replace(/\s/g, '');
  return /^\d{10}$/.test(digits) ? [digits, `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`] : [secret];
}

function structural(value: Json): Json {
  if (Array.isArray(value)) return value.map(structural);
  if (!isRecord(value)) return value;
  const out: { [key: string]: Json } = {};
  for (const [key, child] of Object.entries(value)) {
    if (value.resourceType === 'Patient' && (PATIENT_FIELDS as readonly string[]).includes(key)) out[key] = maskLeaves(child);
    else if (key === 'value' && value.system === NHS_NUMBER_SYSTEM && typeof child === 'string') out[key] = MASK;
    else out[key] = structural(child);
  }
  return out;
}

function freeText(value: Json, pattern: RegExp | undefined): Json {
  if (!pattern) return value;
  if (typeof value === 'string') return value.replace(pattern, MASK);
  if (Array.isArray(value)) return value.map((v) => freeText(v, pattern));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, freeText(v, pattern)]));
  return value;
}

/**
 * A copy of a FHIR message with the patient's NHS number, names, birth date, address and contact
 * details masked: structurally (Patient fields, NHS number identifiers anywhere) and then in free
 * text (narratives, displays) wherever those names and numbers, or `extra` ones, appear. Pure.
 */
export function maskPatient(message: unknown, extra: readonly string[] = []): unknown {
  const json = JSON.parse(JSON.stringify(message ?? null)) as Json;
  const secrets = new Set<string>(extra);
  collectSecrets(json, secrets);
  // Very short strings (an initial) would mask unrelated text and reveal nothing on their own.
  const patterns = [...secrets].filter((s) => s.trim().length >= 2).flatMap(variants).sort((a, b) => b.length - a.length).map(escapeRegExp);
  // Whole words only, a hyphen counting as part of a word: a short surname must not eat into
  // identifiers (uuids are hex in hyphenated groups, resource ids are hyphenated).
  const pattern = patterns.length > 0 ? new RegExp(`(?<![A-Za-z0-9-])(?:${patterns.join('|')})(?![A-Za-z0-9-])`, 'gi') : undefined;
  return freeText(structural(json), pattern);
}
