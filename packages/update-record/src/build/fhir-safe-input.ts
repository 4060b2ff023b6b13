import type { Consultation } from '@firstsync/contracts';
import { isFhirInstant } from '../fhir-datetime';

// C0 controls except tab, LF and CR: FHIR strings should not carry them and XML 1.0 cannot, so a
// receiver converting our JSON to XML would fail the whole message as unreadable.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding these control characters to replace them is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding these control characters to replace them is the point
const HAS_CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

/** U+FFFD keeps the text non-blank and shows the GP that a character was unusable. */
function safeText(value: string): string {
  return HAS_CONTROL_CHARACTER.test(value) ? value.replace(CONTROL_CHARACTERS, '\uFFFD') : value;
}

function deepSafeArray(value: readonly unknown[]): readonly unknown[] {
  let copy: unknown[] | undefined;
  for (let i = 0; i < value.length; i += 1) {
    const item = value[i];
    const safe = deepSafe(item);
    if (safe !== item) {
      copy ??= value.slice();
      copy[i] = safe;
    }
  }
  return copy ?? value;
}

function deepSafeObject(value: object): object {
  let copy: Record<string, unknown> | undefined;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const item: unknown = (value as Record<string, unknown>)[key];
    const safe = deepSafe(item);
    if (safe !== item) {
      copy ??= { ...value };
      // defineProperty, not assignment, so even a '__proto__' key stays a plain data property.
      Object.defineProperty(copy, key, { value: safe, enumerable: true, writable: true, configurable: true });
    }
  }
  return copy ?? value;
}

/**
 * Copy-on-write: only the objects and arrays on the way to a string that needed a replacement are
 * copied. Real consultations almost never carry control characters, and copying the whole
 * consultation for every message was a measurable share of the build time.
 */
function deepSafe(value: unknown): unknown {
  if (typeof value === 'string') return safeText(value);
  if (Array.isArray(value)) return deepSafeArray(value);
  if (typeof value === 'object' && value !== null) return deepSafeObject(value);
  return value;
}

function deepSafeText<T>(value: T): T {
  return deepSafe(value) as T;
}

/**
 * The contract accepts any ISO 8601 offset, FHIR only -14:00..+14:00. The same moment in UTC is
 * an exact restatement, so out-of-range offsets are rewritten rather than the consultation lost.
 */
function safeInstant(value: string): string {
  return isFhirInstant(value) ? value : new Date(Date.parse(value)).toISOString();
}

/**
 * Closes two gaps between the ingest contract and FHIR STU3 (both reported to the contract owner):
 * control characters in free text and time-zone offsets beyond +/-14:00. Everything else passes
 * through unchanged, so for every realistic consultation this is the identity.
 */
export function fhirSafeConsultation(consultation: Consultation): Consultation {
  const safe = deepSafeText(consultation);
  const observations = safe.observations.map((o) => (o.effectiveAt === undefined ? o : { ...o, effectiveAt: safeInstant(o.effectiveAt) }));
  const result: Consultation = { ...safe, startedAt: safeInstant(safe.startedAt), observations };
  if (safe.endedAt !== undefined) result.endedAt = safeInstant(safe.endedAt);
  return result;
}
