import { closedBreaker, recordFailure, recordSuccess, requestPermission, type BreakerDecision, type BreakerSettings, type BreakerState } from '../policy/circuit-breaker';
import { Semaphore } from './semaphore';

interface PracticeRuntime {
  breaker: BreakerState;
  /** Created on first use with the practice's route limit. */
  semaphore: Semaphore | null;
}

/**
 * Per-practice runtime state of this instance: circuit breaker and concurrency limit. Messages are
 * keyed by practice, so one instance owns a practice's main-path traffic; the pure breaker
 * functions decide, this only remembers.
 */
export class PracticeRegistry {
  private readonly practices = new Map<string, PracticeRuntime>();

  constructor(private readonly settings: BreakerSettings) {}

  private runtime(practiceOds: string): PracticeRuntime {
    let runtime = this.practices.get(practiceOds);
    if (!runtime) {
      runtime = { breaker: closedBreaker, semaphore: null };
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

  succeeded(practiceOds: string): void {
    const runtime = this.runtime(practiceOds);
    runtime.breaker = recordSuccess(runtime.breaker);
  }

  failed(practiceOds: string, now: number): BreakerState {
    const runtime = this.runtime(practiceOds);
    runtime.breaker = recordFailure(runtime.breaker, now, this.settings);
    return runtime.breaker;
  }

  breakerOf(practiceOds: string): BreakerState {
    return this.practices.get(practiceOds)?.breaker ?? closedBreaker;
  }
}
