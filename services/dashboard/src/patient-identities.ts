import { inspect } from 'node:util';

/** What the reveal feature can show: the patient's NHS number and surname, nothing else. */
export interface PatientIdentity {
  nhsNumber: string;
  surname: string;
}

/**
 * NHS number and surname per consultation, taken from `gp-messages.v1` (meshRouting) and held only
 * in memory. Pipeline events are PII-free by design; this is the one place the dashboard holds
 * patient data, so it is shown masked until an operator reveals it (audited) and it can never be
 * serialised or logged by accident.
 */
export class PatientIdentities {
  readonly #byConsultation = new Map<string, PatientIdentity & { version: number }>();

  /** Keeps the two fields of a gp-messages.v1 value; anything else in it is dropped at once. */
  remember(value: unknown): boolean {
    if (typeof value !== 'object' || value === null) return false;
    const { consultationId, version, meshRouting } = value as { consultationId?: unknown; version?: unknown; meshRouting?: unknown };
    if (typeof consultationId !== 'string' || typeof meshRouting !== 'object' || meshRouting === null) return false;
    const { nhsNumber, surname } = meshRouting as { nhsNumber?: unknown; surname?: unknown };
    if (typeof nhsNumber !== 'string' || typeof surname !== 'string') return false;
    const v = typeof version === 'number' ? version : 1;
    const existing = this.#byConsultation.get(consultationId);
    // The latest version of the message wins, whatever order the versions were read in.
    if (existing && existing.version > v) return false;
    this.#byConsultation.set(consultationId, { nhsNumber, surname, version: v });
    return true;
  }

  lookup(consultationId: string): PatientIdentity | undefined {
    const entry = this.#byConsultation.get(consultationId);
    return entry ? { nhsNumber: entry.nhsNumber, surname: entry.surname } : undefined;
  }

  has(consultationId: string): boolean {
    return this.#byConsultation.has(consultationId);
  }

  get size(): number {
    return this.#byConsultation.size;
  }

  toJSON(): string {
    return '[patient identities withheld]';
  }

  [inspect.custom](): string {
    return 'PatientIdentities [withheld]';
  }
}

/** 943 476 5919 -> 943 476 5919 with spaces, the way NHS numbers are read out. */
export function formatNhsNumber(nhsNumber: string): string {
  const digits = nhsNumber.replace(/\D/g, '');
  return digits.length === 10 ? `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}` : nhsNumber;
}
