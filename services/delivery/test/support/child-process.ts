import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../..', import.meta.url));

export interface DeliveryProcess {
  readonly child: ChildProcess;
  readonly output: string[];
  /** Resolves with [exit code, signal] once the process has ended. */
  readonly exited: Promise<[number | null, NodeJS.Signals | null]>;
}

/** The delivery service as its own Node process, started the way the start command starts it. */
export function spawnDelivery(env: Record<string, string>): DeliveryProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'services/delivery/src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(String(chunk)));
  child.stderr?.on('data', (chunk: Buffer) => output.push(String(chunk)));
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('exit', (code, signal) => resolve([code, signal])));
  return { child, output, exited };
}
