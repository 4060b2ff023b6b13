import { describe, expect, it } from 'vitest';
import { describeExitFaults, exitFault, LineTail, type ProcessExit } from '../src/exits';

const exit = (over: Partial<ProcessExit>): ProcessExit => ({
  service: 'delivery',
  incarnation: 0,
  code: null,
  signal: null,
  cause: 'none',
  stderrTail: [],
  logTail: [],
  ...over,
});

describe('which service exits are faults', () => {
  it('accepts a planned SIGKILL that ended by SIGKILL and a stop that ended with code 0', () => {
    expect(exitFault(exit({ cause: 'planned-kill', requestedSignal: 'SIGKILL', signal: 'SIGKILL' }))).toBeUndefined();
    expect(exitFault(exit({ cause: 'planned-kill', requestedSignal: 'SIGTERM', code: 0 }))).toBeUndefined();
    expect(exitFault(exit({ cause: 'stop', code: 0 }))).toBeUndefined();
  });

  it('refuses every exit nobody asked for, even a clean one', () => {
    expect(exitFault(exit({ code: 0 }))).toMatch(/on its own \(code 0\)/);
    expect(exitFault(exit({ code: 1 }))).toMatch(/on its own \(code 1\)/);
    expect(exitFault(exit({ signal: 'SIGSEGV' }))).toMatch(/on its own \(signal SIGSEGV\)/);
  });

  it('refuses a planned kill that ended some other way, and an unclean stop', () => {
    expect(exitFault(exit({ cause: 'planned-kill', requestedSignal: 'SIGKILL', code: 7 }))).toMatch(/sent SIGKILL but ended with code 7/);
    expect(exitFault(exit({ cause: 'planned-kill', requestedSignal: 'SIGTERM', code: 1 }))).toMatch(/sent SIGTERM but ended with code 1/);
    expect(exitFault(exit({ cause: 'stop', code: 1 }))).toMatch(/did not stop cleanly/);
    // Still running after the grace period: the harness SIGKILLed it.
    expect(exitFault(exit({ cause: 'stop', signal: 'SIGKILL' }))).toMatch(/did not stop cleanly.*SIGKILL/);
  });

  it('names the service and quotes its last stderr lines (or its last log lines without any)', () => {
    const text = describeExitFaults([
      exit({ cause: 'planned-kill', requestedSignal: 'SIGKILL', signal: 'SIGKILL', stderrTail: ['not shown'] }),
      exit({ service: 'ingest', incarnation: 2, code: 1, stderrTail: ['TypeError: boom', '    at main.mjs:1'] }),
      exit({ service: 'dashboard', code: 0, logTail: ['{"msg":"bye"}'] }),
    ]);
    expect(text).toContain('ingest (run 2) exited on its own (code 1); last stderr lines:\n    TypeError: boom\n        at main.mjs:1');
    expect(text).toContain('dashboard (run 0) exited on its own (code 0); no stderr; last log lines:\n    {"msg":"bye"}');
    expect(text).not.toContain('not shown');
    expect(describeExitFaults([exit({ cause: 'stop', code: 0 })])).toBe('');
  });

  it('keeps only the latest lines', () => {
    const tail = new LineTail(2);
    for (const line of ['a', 'b', 'c']) tail.push(line);
    expect(tail.snapshot()).toEqual(['b', 'c']);
  });
});
