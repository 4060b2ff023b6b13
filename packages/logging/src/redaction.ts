/**
 * What must never reach a log line: patient identity, clinical text, credentials.
 * Services are written never to log these in the first place; this list is the safety net, kept in
 * one place so every service redacts the same way and one test can prove it.
 */
const SENSITIVE_KEYS = [
  // patient identity
  'nhsNumber', 'patient', 'birthDate', 'dateOfBirth', 'dob', 'given', 'family', 'postcode', 'surname',
  // clinical content and whole payloads that carry it
  'notes', 'clinicalSummary', 'history', 'redFlags', 'adviceGiven', 'plan', 'signposting',
  'dosageText', 'patientInstruction', 'consultation', 'bundle', 'body', 'payload', 'subject',
  // credentials and addressing that embeds identity (MESH GPPROVIDER_<nhs>_<dob>_<surname>)
  'authorization', 'cookie', 'set-cookie', 'password', 'apiKey', 'token', 'secret', 'mexTo', 'mex-to',
];

function pathsFor(key: string): string[] {
  const accessor = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
  const join = (prefix: string) => (accessor.startsWith('[') ? `${prefix}${accessor}` : `${prefix}.${accessor}`);
  // pino redaction matches exact paths; cover the key at the top level and up to three levels deep.
  return [accessor, join('*'), join('*.*'), join('*.*.*')];
}

export const REDACT_PATHS: readonly string[] = SENSITIVE_KEYS.flatMap(pathsFor);
export const REDACTED = '[REDACTED]';

// An NHS number may appear inside free text (an upstream error message, a MESH address); mask any
// 10-digit run, with or without the usual 3-3-4 spacing, wherever strings are logged.
const NHS_NUMBER_IN_TEXT = /(?<!\d)\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)/g;
const MESH_GP_ADDRESS = /GPPROVIDER_[^\s"',]+/g;

export function scrubText(text: string): string {
  return text.replace(MESH_GP_ADDRESS, 'GPPROVIDER_[REDACTED]').replace(NHS_NUMBER_IN_TEXT, '[REDACTED-NHS-NUMBER]');
}
