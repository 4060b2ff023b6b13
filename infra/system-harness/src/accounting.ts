import type { DeadLetter, GpReceipt } from './observe';

export type { DeadLetter, GpReceipt };

export interface AccountingInput {
  readonly accepted: ReadonlySet<string>;
  /** Accepted consultations addressed to a rejecting practice: they must be dead-lettered. */
  readonly poisoned: ReadonlySet<string>;
  readonly received: readonly GpReceipt[];
  readonly deadLetters: readonly DeadLetter[];
}

export interface Accounting {
  readonly accepted: number;
  /** Accepted and neither at the GP side nor dead-lettered. Must be 0. */
  readonly lost: readonly string[];
  /** Exactly one distinct message at the GP side after deduplication. */
  readonly deliveredOnce: number;
  /** More than one distinct message for one consultation (the GP would file it twice). Must be 0. */
  readonly deliveredAsSeveralMessages: readonly string[];
  /** Extra receipts of an already received message (the GP side deduplicates them). */
  readonly duplicatesOnWire: number;
  readonly deadLettered: number;
  readonly deadLetteredWithoutReason: readonly string[];
  /** Dead-lettered although its practice accepts messages (e.g. retries exhausted), with reasons. */
  readonly deadLetteredNotPoisoned: ReadonlyMap<string, string>;
  /** Poisoned but delivered anyway. Must be 0. */
  readonly poisonedDelivered: readonly string[];
  /** Both delivered and dead-lettered. Must be 0. */
  readonly deliveredAndDeadLettered: readonly string[];
  /** At the GP side or dead-lettered but never acknowledged to the sender (a crash between Kafka ack and HTTP answer, then the sender gave up). */
  readonly settledButNotAccepted: number;
  readonly reasons: Readonly<Record<string, number>>;
}

/** Pure: where every accepted consultation ended up. */
export function accountFor(input: AccountingInput): Accounting {
  const bundlesByConsultation = new Map<string, Set<string>>();
  let duplicatesOnWire = 0;
  for (const receipt of input.received) {
    duplicatesOnWire += Math.max(0, receipt.receipts - 1);
    if (receipt.consultationId === null) continue;
    const bundles = bundlesByConsultation.get(receipt.consultationId) ?? new Set<string>();
    bundles.add(`${receipt.practiceOds}|${receipt.bundleIdentifier}`);
    bundlesByConsultation.set(receipt.consultationId, bundles);
  }
  const deadByConsultation = new Map<string, string[]>();
  for (const letter of input.deadLetters) {
    const reasons = deadByConsultation.get(letter.consultationId) ?? [];
    reasons.push(letter.reason);
    deadByConsultation.set(letter.consultationId, reasons);
  }

  const lost: string[] = [];
  const several: string[] = [];
  const withoutReason: string[] = [];
  const notPoisoned = new Map<string, string>();
  const poisonedDelivered: string[] = [];
  const both: string[] = [];
  const reasons: Record<string, number> = {};
  let deliveredOnce = 0;
  let deadLettered = 0;
  for (const id of input.accepted) {
    const bundles = bundlesByConsultation.get(id)?.size ?? 0;
    const dead = deadByConsultation.get(id);
    if (bundles === 0 && !dead) {
      lost.push(id);
      continue;
    }
    if (bundles === 1) deliveredOnce += 1;
    if (bundles > 1) several.push(id);
    if (bundles > 0 && input.poisoned.has(id)) poisonedDelivered.push(id);
    if (bundles > 0 && dead) both.push(id);
    if (dead) {
      deadLettered += 1;
      const reason = dead.find((r) => r.trim() !== '') ?? '';
      if (reason === '') withoutReason.push(id);
      if (!input.poisoned.has(id)) notPoisoned.set(id, reason);
      const label = reason.split(':')[0]?.trim() || '(none)';
      reasons[label] = (reasons[label] ?? 0) + 1;
    }
  }
  const settled = new Set([...bundlesByConsultation.keys(), ...deadByConsultation.keys()]);
  const settledButNotAccepted = [...settled].filter((id) => !input.accepted.has(id)).length;
  return {
    accepted: input.accepted.size,
    lost,
    deliveredOnce,
    deliveredAsSeveralMessages: several,
    duplicatesOnWire,
    deadLettered,
    deadLetteredWithoutReason: withoutReason,
    deadLetteredNotPoisoned: notPoisoned,
    poisonedDelivered,
    deliveredAndDeadLettered: both,
    settledButNotAccepted,
    reasons,
  };
}

/** Every accepted consultation is at the GP side or dead-lettered. */
export function settled(accounting: Accounting): boolean {
  return accounting.lost.length === 0;
}
