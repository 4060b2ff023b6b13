import type { Consultation } from '@firstsync/contracts';
import { isFhirInstant } from '../fhir-datetime';

// C0 controls except tab, LF and CR: FHIR strings should not carry them and XML 1.0 cannot, so a
// receiver converting our JSON to XML would fail the whole message as unreadable.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g;

/** U+FFFD keeps the text non-blank and shows the GP that a character was unusable. */
function safeText(value: string): string {
  return value.replace(CONTROL_CHARACTERS, '\uFFFD');
}

/**
 * The contract accepts any ISO 8601 offset, FHIR only -14:00..+14:00. The same moment in UTC is
 * an exact restatement, so out-of-range offsets are rewritten rather than the consultation lost.
 */
function safeInstant(value: string): string {
  return isFhirInstant(value) ? value : new Date(Date.parse(value)).toISOString();
}

function deepSafeText<T>(value: T): T {
  if (typeof value === 'string') return safeText(value) as T;
  if (Array.isArray(value)) return value.map(deepSafeText) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deepSafeText(v)])) as T;
  }
  return value;
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
