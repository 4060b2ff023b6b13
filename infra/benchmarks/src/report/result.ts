/** One measured figure, optionally beside its limit in the same run and the target. */
export interface Metric {
  readonly name: string;
  readonly value: number | undefined;
  readonly unit: string;
  /** The physical limit measured in the same run (bare Fastify, raw kafkajs pipe). */
  readonly baseline?: number | undefined;
  readonly ratio?: number | undefined;
  /** Human-readable target from issue #14, e.g. ">= 0.3x bare". */
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
    readonly loadAverageAtEnd?: readonly number[];
  };
  readonly broker: string;
  readonly mode: 'full' | 'quick';
  /** The Kafka clients compared (KAFKA_CLIENT), in run order. */
  readonly clients: readonly string[];
  /** Scenarios that do not touch Kafka (mapping): once per run. */
  readonly scenarios: readonly ScenarioResult[];
  /** Everything that goes through Kafka, once per client. */
  readonly runs: readonly ClientRun[];
}

export interface ClientRun {
  readonly client: string;
  /** Load average when this client's scenarios had finished (the machine is shared). */
  readonly loadAverageAfter: readonly number[];
  readonly scenarios: readonly ScenarioResult[];
}

/** Whether a value meets an "at least"/"at most" target; undefined when not measured. */
export function atLeast(value: number | undefined, target: number): boolean | undefined {
  return value === undefined ? undefined : value >= target;
}
export function atMost(value: number | undefined, target: number): boolean | undefined {
  return value === undefined ? undefined : value <= target;
}
