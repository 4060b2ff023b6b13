import { readFile } from 'node:fs/promises';

/** Resident set size of a process in MB (Linux /proc), or undefined when it is gone. */
export async function rssMb(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

export interface RssSample {
  readonly atS: number;
  /** `service[instance]`. */
  readonly process: string;
  readonly mb: number;
}

export interface RssTrend {
  readonly process: string;
  readonly firstMb: number;
  /** Mean over the first third after warm-up. */
  readonly afterWarmUpMb: number;
  /** Mean over the last third. */
  readonly endMb: number;
  readonly maxMb: number;
  /** (end - after warm-up) / after warm-up. */
  readonly growth: number;
  readonly flat: boolean;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/**
 * Pure: per process, RSS after warm-up against RSS at the end. Flat means it grew by less than
 * `tolerance` (default 15%): memory that tracks the number of consultations seen keeps growing.
 */
export function rssTrends(samples: readonly RssSample[], warmUpS: number, tolerance = 0.15): RssTrend[] {
  const byProcess = new Map<string, RssSample[]>();
  for (const sample of samples) byProcess.set(sample.process, [...(byProcess.get(sample.process) ?? []), sample]);
  return [...byProcess].map(([process, all]) => {
    const steady = all.filter((s) => s.atS >= warmUpS);
    const third = Math.max(1, Math.floor(steady.length / 3));
    const afterWarmUpMb = mean(steady.slice(0, third).map((s) => s.mb));
    const endMb = mean(steady.slice(-third).map((s) => s.mb));
    const growth = afterWarmUpMb > 0 ? (endMb - afterWarmUpMb) / afterWarmUpMb : 0;
    return {
      process,
      firstMb: all[0]?.mb ?? 0,
      afterWarmUpMb,
      endMb,
      maxMb: Math.max(...all.map((s) => s.mb)),
      growth,
      flat: steady.length >= 2 && growth < tolerance,
    };
  });
}
