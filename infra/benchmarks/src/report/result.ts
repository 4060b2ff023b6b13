/** One measured figure, optionally beside its limit in the same run and the target. */
export interface Metric {
  readonly name: string;
  readonly value: number | undefined;
  readonly unit: string;
  /** The physical limit measured in the same run (bare Fastify, raw kafkajs pipe). */
  readonly baseline?: number | undefined;
  readonly ratio?: number | undefined;
  /** Human-readable target from issue #8, e.g. ">= 0.6x". */
  readonly target?: string | undefined;
  readonly met?: boolean | undefined;
  readonly note?: string | undefined;
}

export type ScenarioResult =
  | { readonly scenario: string; readonly status: 'ok'; readonly seconds: number; readonly metrics: readonly Metric[]; readonly notes: readonly string[] }
  | { readonly scenario: string; readonly status: 'skipped'; readonly seconds: number; readonly reason: string; readonly metrics: readonly Metric[] };

export interface BenchReport {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly machine: {
    readonly cpus: string;
    readonly cores: number;
    readonly memoryGb: number;
    readonly node: string;
    readonly platform: string;
    readonly loadAverage: readonly number[];
  };
  readonly broker: string;
  readonly mode: 'full' | 'quick';
  readonly scenarios: readonly ScenarioResult[];
}

/** Whether a value meets an "at least"/"at most" target; undefined when not measured. */
export function atLeast(value: number | undefined, target: number): boolean | undefined {
  return value === undefined ? undefined : value >= target;
}
export function atMost(value: number | undefined, target: number): boolean | undefined {
  return value === undefined ? undefined : value <= target;
}
