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

/** utime + stime in clock ticks from the text of /proc/<pid>/stat. Pure. */
export function cpuTicks(stat: string): number | undefined {
  // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? utime + stime : undefined;
}

/** CPU seconds a live process has used so far (Linux; USER_HZ is 100 on every mainstream kernel). */
export function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const ticks = cpuTicks(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    return ticks === undefined ? undefined : ticks / 100;
  } catch {
    return undefined;
  }
}
