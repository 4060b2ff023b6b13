import { readFileSync } from 'node:fs';

/** kB value of one `Vm*` line of /proc/<pid>/status, or undefined. Pure. */
export function statusField(status: string, field: 'VmHWM' | 'VmRSS'): number | undefined {
  const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** Peak resident set size (VmHWM) of a live process in MB; undefined off Linux or once it has exited. */
export function peakRssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const kb = statusField(readFileSync(`/proc/${pid}/status`, 'utf8'), 'VmHWM');
    return kb === undefined ? undefined : kb / 1024;
  } catch {
    return undefined;
  }
}
