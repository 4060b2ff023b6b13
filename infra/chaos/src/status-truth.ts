import { type LifecycleEvent, type PharmacyState, pharmacyStatus } from '@firstsync/consultation-lifecycle';

/** What ingest's status endpoint answered for one consultation (null: no 200). */
export interface StatusAnswer {
  readonly consultationId: string;
  readonly httpStatus: number | 'network';
  readonly state: PharmacyState | null;
  readonly timelineLength: number;
}

export interface StatusTruth {
  readonly read: number;
  /** Answered with the state the pipeline events say, with a timeline. */
  readonly truthful: number;
  /** Answered, but not what the events say (or `received` with an empty timeline while events exist). */
  readonly wrong: readonly { consultationId: string; answered: string; expected: string }[];
  /** No 200 at all (404, 5xx, no answer). */
  readonly unanswered: readonly { consultationId: string; status: string }[];
  /** At the GP side, yet ingest does not say delivered (or later); or dead-lettered and not `failed`. */
  readonly contradictsGp: readonly string[];
  readonly states: Readonly<Record<string, number>>;
}

/** States a pharmacy may be told once the GP side holds the message. */
const AT_GP: ReadonlySet<PharmacyState> = new Set(['acknowledged', 'delivered', 'filed']);

/**
 * Pure: is every status answer truthful? The truth is the consultation's pipeline events in topic
 * order folded the way the pharmacy sees them, and, independently, where it really ended (the GP
 * side's receipts and the dead letters).
 */
export function judgeStatuses(input: {
  answers: readonly StatusAnswer[];
  events: ReadonlyMap<string, readonly LifecycleEvent[]>;
  atGp: ReadonlySet<string>;
  deadLettered: ReadonlySet<string>;
}): StatusTruth {
  let truthful = 0;
  const wrong: { consultationId: string; answered: string; expected: string }[] = [];
  const unanswered: { consultationId: string; status: string }[] = [];
  const contradictsGp: string[] = [];
  const states: Record<string, number> = {};
  for (const answer of input.answers) {
    if (answer.httpStatus !== 200 || answer.state === null) {
      unanswered.push({ consultationId: answer.consultationId, status: String(answer.httpStatus) });
      continue;
    }
    states[answer.state] = (states[answer.state] ?? 0) + 1;
    const events = input.events.get(answer.consultationId) ?? [];
    const expected = pharmacyStatus(events)?.state ?? 'received';
    const emptyWhileEvents = events.length > 0 && answer.timelineLength === 0;
    if (answer.state === expected && !emptyWhileEvents) truthful += 1;
    else
      wrong.push({
        consultationId: answer.consultationId,
        answered: `${answer.state} (${answer.timelineLength} entries)`,
        expected: `${expected} (${events.length} events)`,
      });
    if (input.atGp.has(answer.consultationId) && !AT_GP.has(answer.state)) contradictsGp.push(answer.consultationId);
    else if (input.deadLettered.has(answer.consultationId) && answer.state !== 'failed') contradictsGp.push(answer.consultationId);
  }
  return { read: input.answers.length, truthful, wrong, unanswered, contradictsGp, states };
}
