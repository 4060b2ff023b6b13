import { inspect } from 'node:util';
import { BoundedMap } from './memory/bounded-map';

/** What the reveal feature can show: the patient's NHS number and surname, nothing else. */
export interface PatientIdentity {
  nhsNumber: string;
  surname: string;
}

/**
 * What a reveal found: the identity, or why there is none. `no-longer-held`: a GP message was built
 * for the consultation but its identifiers were dropped at the bound (DASHBOARD_IDENTITIES_MAX);
 * `not-known`: none was read (not shared with the GP, not mapped yet, or the topic not read that far).
 */
export type IdentityStatus = 'shown' | 'no-longer-held' | 'not-known';

/**
 * NHS number and surname per consultation, taken from `gp-messages.v1` (meshRouting) and held only
 * in memory. Pipeline events are PII-free by design; this is the one place the dashboard holds
 * patient data, so it is shown masked until an operator reveals it (audited) and it can never be
 * serialised or logged by accident. Bounded: the `maxEntries` most recently written are kept (about
 * 180 bytes of heap each), the oldest dropped first, because the topic replays from the beginning at
 * every start and holds every consultation of the retention period.
 */
export class PatientIdentities {
  readonly #byConsultation: BoundedMap<string, PatientIdentity & { version: number }>;

  constructor(maxEntries: number) {
    this.#byConsultation = new BoundedMap(maxEntries);
  }

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

  /**
   * Why a consultation's identity is or is not shown. `hadMessage`: its events say a GP message was
   * built (so one was on the topic). Only a drop at the bound makes a missing one "no longer held".
   */
  status(consultationId: string, hadMessage: boolean): IdentityStatus {
    if (this.#byConsultation.has(consultationId)) return 'shown';
    return hadMessage && this.#byConsultation.dropped > 0 ? 'no-longer-held' : 'not-known';
  }

  get size(): number {
    return this.#byConsultation.size;
  }

  /** The most this holds (DASHBOARD_IDENTITIES_MAX). */
  get maxEntries(): number {
    return this.#byConsultation.maxEntries;
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
