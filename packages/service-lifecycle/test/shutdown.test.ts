import { EventEmitter } from 'node:events';
import type { Logger } from '@firstsync/logging';
import { describe, expect, it } from 'vitest';
import { manageProcess } from '../src/shutdown';

/** A stand-in for the process: signals are emitted by the test, exit codes recorded. */
function harness(logger: Logger) {
  const events = new EventEmitter();
  const exits: number[] = [];
  const stops: string[] = [];
  const lifecycle = manageProcess(logger, { graceMs: 1_000, exit: (code) => void exits.push(code), events: events as unknown as Pick<NodeJS.Process, 'on'> });
  lifecycle.onShutdown('consumers', async () => void stops.push('consumers'));
  lifecycle.onShutdown('http', async () => void stops.push('http'));
  return { events, exits, stops, lifecycle };
}

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, fatal: () => undefined } as unknown as Logger;

/** A logger whose output is gone (stdout closed: EPIPE), except for the first line. */
function brokenAfterStart(): Logger {
  let lines = 0;
  const write = () => {
    lines += 1;
    if (lines > 1) throw Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
  };
  return { info: write, warn: write, error: write, fatal: write } as unknown as Logger;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('manageProcess', () => {
  it('on SIGTERM runs the steps in reverse order of registration, then exits 0', async () => {
    const { events, exits, stops } = harness(silent);
    events.emit('SIGTERM');
    await settle();
    expect(stops).toEqual(['http', 'consumers']);
    expect(exits).toEqual([0]);
  });

  it('still stops and exits when its log output is gone', async () => {
    const { events, exits, stops } = harness(brokenAfterStart());
    events.emit('SIGTERM');
    await settle();
    expect(stops).toEqual(['http', 'consumers']);
    expect(exits).toEqual([0]);
  });

  it('exits 1 after an uncaught exception, and at once on a second signal, with or without a log', async () => {
    for (const logger of [silent, brokenAfterStart()]) {
      const { events, exits } = harness(logger);
      events.emit('uncaughtException', new Error('boom'));
      events.emit('SIGTERM');
      await settle();
      expect(exits).toEqual([1, 1]);
    }
  });
});
