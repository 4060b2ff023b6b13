import { decideFault, type FaultDecision, type FaultState, initialFaultState, type PracticeFaults } from '../faults/fault-plan';

export interface PracticeCounters {
  requests: number;
  failed: number;
  accepted: number;
  duplicates: number;
  rejected: number;
}

/** Faults and request counters per practice; decisions are the pure `decideFault`, state lives here. */
export class FaultStore {
  private readonly states = new Map<string, FaultState>();
  private readonly counters = new Map<string, PracticeCounters>();

  set(practiceOds: string, faults: PracticeFaults): void {
    this.states.set(practiceOds, initialFaultState(faults));
  }

  get(practiceOds: string): PracticeFaults | undefined {
    return this.states.get(practiceOds)?.faults;
  }

  all(): Record<string, PracticeFaults> {
    return Object.fromEntries([...this.states].map(([ods, state]) => [ods, state.faults]));
  }

  clear(practiceOds?: string): void {
    if (practiceOds === undefined) this.states.clear();
    else this.states.delete(practiceOds);
  }

  /** Decides one request's fate and advances counted outages. */
  decide(practiceOds: string, now: Date): FaultDecision {
    const decision = decideFault(this.states.get(practiceOds), now);
    if (this.states.has(practiceOds)) this.states.set(practiceOds, decision.next);
    return decision;
  }

  count(practiceOds: string, field: keyof PracticeCounters): void {
    const counters = this.countersOf(practiceOds);
    counters[field] += 1;
  }

  countersOf(practiceOds: string): PracticeCounters {
    let counters = this.counters.get(practiceOds);
    if (!counters) {
      counters = { requests: 0, failed: 0, accepted: 0, duplicates: 0, rejected: 0 };
      this.counters.set(practiceOds, counters);
    }
    return counters;
  }

  reset(): void {
    this.states.clear();
    this.counters.clear();
  }
}
