import { randomUUID } from 'node:crypto';
import { type ConsultationInput, isValidNhsNumber } from '@firstsync/contracts';
import { fixtureNames, fixtures } from '@firstsync/contracts/fixtures';

export interface GeneratedConsultation {
  readonly consultationId: string;
  readonly practiceOds: string;
  readonly pharmacyOds: string;
  /** Sent to a practice whose GP system rejects every message: must end dead-lettered. */
  readonly poisoned: boolean;
  /** Consent to share with the GP given (otherwise it ends as `not-shared`, never at the GP). */
  readonly shared: boolean;
  readonly body: ConsultationInput;
}

export interface GenerateOptions {
  count: number;
  pharmacyOds: string;
  /** Practices that accept messages (faults come and go on them). */
  practices: readonly string[];
  /** Practices that reject every message permanently (the poisoned subset goes there). */
  poisonPractices: readonly string[];
  /** Share of consultations for the poison practices, 0..1. */
  poisonRatio: number;
  /** Use every fixture, consent refused included (default: only those shared with the GP). */
  allFixtures?: boolean;
  now?: () => Date;
  random?: () => number;
}

// Fixtures the pipeline sends to the GP: consent given. (Consent refused ends as `not-shared`,
// which is correct but is not delivery, so the chaos accounting leaves it out.)
const SHAREABLE = fixtureNames.filter((name) => fixtures[name].consentToShareWithGp === true);

function shiftedTimes(body: ConsultationInput, now: Date): Pick<ConsultationInput, 'startedAt' | 'endedAt'> {
  // Fresh times keep the notification deadline ahead, so retries are not turned into fallbacks.
  const ended = new Date(now.getTime() - 60_000);
  const started = new Date(ended.getTime() - 15 * 60_000);
  return body.endedAt === undefined ? { startedAt: started.toISOString() } : { startedAt: started.toISOString(), endedAt: ended.toISOString() };
}

/** Valid consultations from the shared fixtures with fresh ids and times, spread over practices. */
export function generateConsultations(options: GenerateOptions): GeneratedConsultation[] {
  const random = options.random ?? Math.random;
  const now = (options.now ?? (() => new Date()))();
  const out: GeneratedConsultation[] = [];
  for (let i = 0; i < options.count; i += 1) {
    const names = options.allFixtures ? fixtureNames : SHAREABLE;
    const fixtureName = names[i % names.length];
    if (fixtureName === undefined) throw new Error('no shareable fixtures');
    const base = structuredClone(fixtures[fixtureName]) as ConsultationInput;
    const poisoned = options.poisonPractices.length > 0 && random() < options.poisonRatio;
    const shared = base.consentToShareWithGp === true;
    const pool = poisoned ? options.poisonPractices : options.practices;
    const practiceOds = pool[Math.floor(random() * pool.length)] ?? pool[0] ?? 'A81001';
    const consultationId = randomUUID();
    const body: ConsultationInput = {
      ...base,
      ...shiftedTimes(base, now),
      consultationId,
      pharmacy: { ...base.pharmacy, odsCode: options.pharmacyOds },
      patient: { ...base.patient, registeredPractice: { ...base.patient.registeredPractice, odsCode: practiceOds } },
    };
    out.push({ consultationId, practiceOds, pharmacyOds: options.pharmacyOds, poisoned, shared, body });
  }
  return out;
}

/**
 * A valid NHS number (Mod 11) in the 999 range used for test data, random, so every patient of a
 * run is a new one to the simulated PDS (it learns a patient's surname from the first message).
 */
export function freshNhsNumber(random: () => number = Math.random): string {
  for (;;) {
    const nine = `999${String(Math.floor(random() * 1_000_000)).padStart(6, '0')}`;
    for (let check = 0; check <= 9; check += 1) if (isValidNhsNumber(`${nine}${check}`)) return `${nine}${check}`;
  }
}
