import type { ScenarioResult } from '../report/result';
import type { ServiceName } from '../system/services';

export interface BenchContext {
  readonly brokers: string;
  /** Short runs for development and CI smoke; the full run is what the README reports. */
  readonly quick: boolean;
  log(line: string): void;
  /** Peak RSS (MB) seen per service process across scenarios. */
  readonly peakRss: Map<ServiceName, number>;
  /** Aborted when the running step reaches its time cap: loops stop waiting and sending. */
  readonly signal: AbortSignal;
  /** When the running step's cap ends (epoch ms): phases that would not fit are left out and said so. */
  readonly deadlineMs: number;
  /** Results are reported as soon as a scenario finishes, so a later cap cannot lose them. */
  report(result: ScenarioResult): void;
}

/** Chooses the full or the quick figure. */
export const size = (context: BenchContext, full: number, quick: number): number => (context.quick ? quick : full);

/** Milliseconds left before the step's cap, keeping `reserveMs` for stopping processes and reporting. */
export const timeLeft = (context: BenchContext, reserveMs = 20_000): number => context.deadlineMs - Date.now() - reserveMs;

/** A wait bounded by both its own limit and what is left of the step. */
export const boundedWait = (context: BenchContext, limitMs: number): number => Math.max(1_000, Math.min(limitMs, timeLeft(context)));
