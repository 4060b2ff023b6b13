import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU seconds, so the figures mean something on a shared machine: wall times stretch with the load
 * average, CPU time much less. This process (PGlite runs inside it) from process.cpuUsage; a
 * PostgreSQL server as its postmaster and every live descendant (/proc, clock ticks of 10 ms) plus
 * the backends that already exited (the postmaster's cutime/cstime).
 */
const TICKS_PER_SECOND = 100;

export const processCpuSeconds = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

interface Stat {
  ppid: number;
  own: number;
  children: number;
}

function stat(pid: string): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) in parentheses.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const n = (i: number) => Number(fields[i] ?? 0);
    // fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15, cutime 16, cstime 17.
    return { ppid: n(1), own: n(11) + n(12), children: n(13) + n(14) };
  } catch {
    return undefined;
  }
}

/** CPU seconds used so far by the process tree under `rootPid` (exited children included). */
export function treeCpuSeconds(rootPid: number): number {
  const stats = new Map<number, Stat>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const s = stat(entry);
    if (s) stats.set(Number(entry), s);
  }
  const inTree = new Set<number>([rootPid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, s] of stats) {
      if (!inTree.has(pid) && inTree.has(s.ppid)) {
        inTree.add(pid);
        grew = true;
      }
    }
  }
  let ticks = 0;
  for (const pid of inTree) {
    const s = stats.get(pid);
    if (s) ticks += s.own + (pid === rootPid ? s.children : 0);
  }
  return ticks / TICKS_PER_SECOND;
}

/** The postmaster's pid from its data directory. */
export function postmasterPid(dataDir: string): number {
  return Number(readFileSync(`${dataDir}/postmaster.pid`, 'utf8').split('\n')[0]);
}
