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
  /** Results are reported as soon as a scenario finishes, so a later cap cannot lose them. */
  report(result: ScenarioResult): void;
}

/** Chooses the full or the quick figure. */
export const size = (context: BenchContext, full: number, quick: number): number => (context.quick ? quick : full);
