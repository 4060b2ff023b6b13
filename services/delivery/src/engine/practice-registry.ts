import { Semaphore } from '../concurrency/semaphore';
import {
  type BreakerDecision,
  type BreakerSettings,
  type BreakerState,
  closedBreaker,
  recordFailure,
  recordSuccess,
  releaseProbe,
  requestPermission,
} from '../policy/circuit-breaker';

interface PracticeRuntime {
  breaker: BreakerState;
  /** Created on first use with the practice's route limit. */
  semaphore: Semaphore | null;
  /** Last time (clock ms) the breaker went from open/half-open back to closed. */
  closedAt: number | null;
}

/**
 * Per-practice runtime state of this instance: circuit breaker and concurrency limit. Messages are
 * keyed by practice, so one instance owns a practice's main-path traffic; the pure breaker
 * functions decide, this only remembers.
 */
export class PracticeRegistry {
  private readonly practices = new Map<string, PracticeRuntime>();
  private readonly closedListeners: ((practiceOds: string) => void)[] = [];

  constructor(private readonly settings: BreakerSettings) {}

  private runtime(practiceOds: string): PracticeRuntime {
    let runtime = this.practices.get(practiceOds);
    if (!runtime) {
      runtime = { breaker: closedBreaker, semaphore: null, closedAt: null };
      this.practices.set(practiceOds, runtime);
    }
    return runtime;
  }

  withSlot<T>(practiceOds: string, concurrency: number, task: () => Promise<T>): Promise<T> {
    const runtime = this.runtime(practiceOds);
    runtime.semaphore ??= new Semaphore(concurrency);
    return runtime.semaphore.run(task);
  }

  permission(practiceOds: string, now: number): BreakerDecision {
    const runtime = this.runtime(practiceOds);
    const decision = requestPermission(runtime.breaker, now, this.settings);
    runtime.breaker = decision.state;
    return decision;
  }

  /** `now`: clock ms of the success; a breaker that closes with it wakes the work held back for the practice. */
  succeeded(practiceOds: string, now: number): void {
    const runtime = this.runtime(practiceOds);
    const wasClosed = runtime.breaker.status === 'closed';
    runtime.breaker = recordSuccess(runtime.breaker);
    // A success always closes the breaker; only a change from open/half-open is news.
    if (!wasClosed) {
      runtime.closedAt = now;
      for (const listener of this.closedListeners) listener(practiceOds);
    }
  }

  /** Called whenever a practice's breaker closes again (its probe succeeded). */
  onClosed(listener: (practiceOds: string) => void): void {
    this.closedListeners.push(listener);
  }

  /**
   * True when the practice's breaker closed at or after `since` (clock ms): work held back at that
   * time because the practice was failing may go now instead of waiting out its delay.
   */
  recoveredSince(practiceOds: string, since: number): boolean {
    const runtime = this.practices.get(practiceOds);
    return runtime?.breaker.status === 'closed' && runtime.closedAt !== null && runtime.closedAt >= since;
  }

  failed(practiceOds: string, now: number): BreakerState {
    const runtime = this.runtime(practiceOds);
    runtime.breaker = recordFailure(runtime.breaker, now, this.settings);
    return runtime.breaker;
  }

  /** The attempt never reached the practice (a message fault): the breaker learns nothing, a probe is freed. */
  untouched(practiceOds: string, now: number): void {
    const runtime = this.runtime(practiceOds);
    runtime.breaker = releaseProbe(runtime.breaker, now, this.settings);
  }

  breakerOf(practiceOds: string): BreakerState {
    return this.practices.get(practiceOds)?.breaker ?? closedBreaker;
  }

  /** How many practices' breakers are in each state (metrics: counts, never one series per practice). */
  countByStatus(): Record<BreakerState['status'], number> {
    const counts = { closed: 0, open: 0, 'half-open': 0 };
    for (const { breaker } of this.practices.values()) counts[breaker.status] += 1;
    return counts;
  }
}
