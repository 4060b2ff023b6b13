/**
 * What must never reach a log line: patient identity, clinical text, credentials.
 * Services are written never to log these in the first place; this list is the safety net, kept in
 * one place so every service redacts the same way and one test can prove it.
 */
export const SENSITIVE_KEYS: readonly string[] = [
  // patient identity
  'nhsNumber',
  'patient',
  'birthDate',
  'dateOfBirth',
  'dob',
  'given',
  'family',
  'postcode',
  'surname',
  // clinical content and whole payloads that carry it
  'notes',
  'clinicalSummary',
  'history',
  'redFlags',
  'adviceGiven',
  'plan',
  'signposting',
  'dosageText',
  'patientInstruction',
  'consultation',
  'bundle',
  'body',
  'payload',
  'subject',
  // credentials and addressing that embeds identity (MESH GPPROVIDER_<nhs>_<dob>_<surname>)
  'authorization',
  'cookie',
  'set-cookie',
  'password',
  'apiKey',
  'token',
  'secret',
  'mexTo',
  'mex-to',
];

function pinoPath(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
}

/**
 * Top-level keys only, for pino's own `redact` (applied after serializers, and nearly free: pino
 * turns a top-level path into a per-key stringifier). Deeper keys are found by `redactDeep`, because
 * pino's wildcard paths (`*.key`, `*.*.key`) cost ~0.2 ms per log line with this many keys.
 */
export const REDACT_PATHS: readonly string[] = SENSITIVE_KEYS.map(pinoPath);
export const REDACTED = '[REDACTED]';
export const CIRCULAR = '[Circular]';

// Keys match case-insensitively and ignoring '-' and '_': `Authorization`, `nhs_number`,
// `Set-Cookie` and `MEX-To` are the same secrets spelt differently.
const normalise = (key: string): string => key.toLowerCase().replace(/[-_]/g, '');
const SENSITIVE = new Set(SENSITIVE_KEYS.map(normalise));
const EXACT = new Set(SENSITIVE_KEYS);

export function isSensitiveKey(key: string): boolean {
  return EXACT.has(key) || SENSITIVE.has(normalise(key));
}

/**
 * Caps keep the walk cheap and bounded whatever is logged. Beyond them a value is censored, never
 * passed through unchecked: a log line that loses a huge or absurdly deep value is the safe failure.
 */
export const REDACT_MAX_DEPTH = 12;
export const REDACT_MAX_ENTRIES = 5_000;

interface WalkState {
  /** Keys and array elements still allowed to be inspected for this log line. */
  budget: number;
  /** Containers on the path from the root, for cycle detection. */
  readonly ancestors: object[];
}

// JSON output of these comes from toJSON() or is not keyed by names (typed arrays: indices), so no
// sensitive key can surface through them.
function isLeafObject(value: object): boolean {
  return typeof (value as { toJSON?: unknown }).toJSON === 'function' || ArrayBuffer.isView(value) || value instanceof ArrayBuffer;
}

/** `serializers`: only for the log object itself (depth 0), see redactDeep. */
function walk(value: object, depth: number, state: WalkState, serializers?: Readonly<Record<string, unknown>>): unknown {
  if (isLeafObject(value)) return value;
  if (state.ancestors.includes(value)) return CIRCULAR;
  if (depth > REDACT_MAX_DEPTH) return REDACTED;
  if (Array.isArray(value)) {
    if (value.length > state.budget) return REDACTED;
    state.budget -= value.length;
    state.ancestors.push(value);
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item === null || typeof item !== 'object') continue;
      const scrubbed = walk(item, depth + 1, state);
      if (scrubbed !== item) {
        copy ??= value.slice();
        copy[i] = scrubbed;
      }
    }
    state.ancestors.pop();
    return copy ?? value;
  }
  const keys = Object.keys(value);
  if (keys.length > state.budget) return REDACTED;
  state.budget -= keys.length;
  state.ancestors.push(value);
  let copy: Record<string, unknown> | undefined;
  for (const key of keys) {
    const item: unknown = (value as Record<string, unknown>)[key];
    if (item === undefined) continue;
    let scrubbed: unknown = item;
    if (isSensitiveKey(key)) scrubbed = REDACTED;
    else if (item !== null && typeof item === 'object') {
      if (serializers && typeof serializers[key] === 'function' && !isPlainContainer(item)) continue;
      scrubbed = walk(item, depth + 1, state);
    }
    // Copy on write: the caller's object is never changed, and an untouched object is not copied.
    // A class instance becomes a plain copy of its own enumerable fields: what JSON shows of it anyway.
    if (scrubbed !== item) {
      copy ??= { ...(value as Record<string, unknown>) };
      copy[key] = scrubbed;
    }
  }
  state.ancestors.pop();
  return copy ?? value;
}

/**
 * Censors sensitive keys at any depth of a log object; returns the same object when there is
 * nothing to censor. Top-level keys with a serializer (err, req, res) keep a non-plain value as it
 * is: the serializer needs the real instance (an Error, Fastify's request) and emits fixed fields.
 */
export function redactDeep<T extends object>(obj: T, serializers?: Readonly<Record<string, unknown>>): T | string {
  return walk(obj, 0, { budget: REDACT_MAX_ENTRIES, ancestors: [] }, serializers) as T | string;
}

function isPlainContainer(value: object): boolean {
  if (Array.isArray(value)) return true;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

// An NHS number may appear inside free text (an upstream error message, a MESH address); mask any
// 10-digit run, with or without the usual 3-3-4 spacing, wherever strings are logged.
const NHS_NUMBER_IN_TEXT = /(?<!\d)\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)/g;
const MESH_GP_ADDRESS = /GPPROVIDER_[^\s"',]+/g;

export function scrubText(text: string): string {
  return text.replace(MESH_GP_ADDRESS, 'GPPROVIDER_[REDACTED]').replace(NHS_NUMBER_IN_TEXT, '[REDACTED-NHS-NUMBER]');
}
