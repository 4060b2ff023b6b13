import type { ServiceName } from './system';

/**
 * Why a service process ended: the harness killed it on purpose (a chaos step, a restart), the
 * harness stopped the whole system, or nobody asked (a crash).
 */
export type ExitCause = 'planned-kill' | 'stop' | 'none';

export interface ProcessExit {
  readonly service: ServiceName;
  /** Which instance of the service (absent or 0 when it runs once). */
  readonly instance?: number;
  /** Which run of the service (0 = first start, 1 = after the first restart, ...). */
  readonly incarnation: number;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly cause: ExitCause;
  /** The signal the harness sent, for a planned kill. */
  readonly requestedSignal?: NodeJS.Signals;
  /** The process's last stderr lines (uncaught errors and Node's own messages land there). */
  readonly stderrTail: readonly string[];
  /** Its last log lines (stdout and stderr), for context. */
  readonly logTail: readonly string[];
}

const how = (exit: Pick<ProcessExit, 'code' | 'signal'>) => (exit.signal ? `signal ${exit.signal}` : `code ${String(exit.code)}`);

/**
 * Pure: what is wrong with how a process ended, or undefined when it ended as asked. A crash nobody
 * asked for is a fault whatever its code; a planned kill must end by the signal sent (or, for an
 * orderly SIGTERM, with code 0); a stop must end with code 0 (not killed after the grace period).
 */
export function exitFault(exit: ProcessExit): string | undefined {
  if (exit.cause === 'none') return `exited on its own (${how(exit)})`;
  if (exit.cause === 'planned-kill') {
    const asked = exit.requestedSignal ?? 'SIGKILL';
    if (exit.signal === asked || (asked === 'SIGTERM' && exit.code === 0)) return undefined;
    return `was sent ${asked} but ended with ${how(exit)}`;
  }
  if (exit.code === 0 && exit.signal === null) return undefined;
  return `did not stop cleanly when the system stopped (${how(exit)})`;
}

/** Pure: the faulty exits as one readable message (service, incarnation, why, last stderr lines). */
export function describeExitFaults(exits: readonly ProcessExit[]): string {
  return exits
    .flatMap((exit) => {
      const fault = exitFault(exit);
      if (fault === undefined) return [];
      const tail = exit.stderrTail.length > 0 ? exit.stderrTail : exit.logTail;
      const label = exit.stderrTail.length > 0 ? 'last stderr lines' : 'no stderr; last log lines';
      return [`${exit.service} (run ${exit.incarnation}) ${fault}; ${label}:\n${tail.map((line) => `    ${line}`).join('\n') || '    (none)'}`];
    })
    .join('\n');
}

/** A bounded list of the latest lines. */
export class LineTail {
  private readonly lines: string[] = [];
  constructor(private readonly max: number) {}

  push(line: string): void {
    this.lines.push(line.length > 2_000 ? `${line.slice(0, 2_000)}...` : line);
    if (this.lines.length > this.max) this.lines.shift();
  }

  snapshot(): string[] {
    return [...this.lines];
  }
}
