// Starting, watching and stopping the service processes of a local firstsync.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { heapFlags, type ServiceSpec } from './service-table';

// Run as its own process on Node's type stripping: the build is async, startService is not.
const BUNDLER = fileURLToPath(new URL('./bundle-service.ts', import.meta.url));
const bundled = new Set<string>();

/**
 * Services run as plain Node from a bundle (dist/main.mjs) rather than under tsx: less memory and
 * CPU per process. Rebuilt once per starting process (about 0.3 s a service), so a bundle never
 * lags behind the source it was made from.
 */
function ensureBundle(serviceDir: string): void {
  if (bundled.has(serviceDir)) return;
  execFileSync(process.execPath, [BUNDLER, serviceDir], { stdio: ['ignore', 'inherit', 'inherit'] });
  bundled.add(serviceDir);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const LEVEL_NAMES: Record<string, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

function formatLine(name: string, line: string): string {
  try {
    const entry = JSON.parse(line) as Record<string, unknown>;
    const { level, time, msg, service: _s, name: _n, pid: _p, hostname: _h, reqId: _r, ...rest } = entry;
    const levelName = LEVEL_NAMES[String(level)] ?? level;
    const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
    return `${String(time ?? '').slice(11, 19)} ${name.padEnd(15)} ${String(levelName).padEnd(5)} ${msg ?? ''}${extra}`;
  } catch {
    return `${name.padEnd(15)} ${line}`;
  }
}

/**
 * Spawns one service in its own process (one process per service, so RSS is per service).
 * `output`: 'pretty' (npm start), 'json' (raw lines), 'silent'; `onLine` sees every raw line, so
 * tests can capture logs and check them for PII.
 */
export interface StartServiceOptions {
  output?: 'pretty' | 'json' | 'silent';
  /** `label`: the service name, with `#n` when it runs more than once. */
  onLine?: (line: string, label: string) => void;
}

export function startService(root: string, service: ServiceSpec, { output = 'pretty', onLine }: StartServiceOptions = {}): ChildProcess {
  const cwd = join(root, service.dir);
  ensureBundle(cwd);
  // The service's heap budget (service table) as flags, so NODE_OPTIONS (e.g. a profiler preload) still applies.
  const child = spawn(process.execPath, [...heapFlags(service.heapMb), 'dist/main.mjs'], {
    cwd,
    env: { ...process.env, ...service.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: a terminal Ctrl-C reaches only the parent, which then stops the services
    // once each, in order (a service that saw SIGINT and then SIGTERM would take the second signal
    // as "exit now" and skip its graceful shutdown).
    detached: true,
  });
  const forward = (stream: Readable, target: Writable): void => {
    let buffer = '';
    stream.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      if (onLine) for (const line of lines) if (line.trim()) onLine(line, service.label);
      if (output === 'silent') return;
      // Tagged by instance (ingest#2) when a service runs more than once.
      for (const line of lines) if (line.trim()) target.write(`${output === 'pretty' ? formatLine(service.label, line) : line}\n`);
    });
  };
  forward(child.stdout, process.stdout);
  forward(child.stderr, process.stderr);
  return child;
}

export async function waitReady(service: ServiceSpec, { timeoutMs = 60_000, child }: { timeoutMs?: number; child?: ChildProcess } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`${service.label} exited with code ${child.exitCode} during start-up`);
    try {
      // The instance's own port: behind a shared port the kernel could answer from another instance.
      const response = await fetch(`http://127.0.0.1:${service.instancePort}/health/ready`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(300);
  }
  throw new Error(`${service.label} was not ready on port ${service.instancePort} within ${timeoutMs / 1000} s`);
}

/** SIGTERM, then SIGKILL for anything still alive after the grace period. */
export async function stopAll(children: ChildProcess[], graceMs = 20_000): Promise<void> {
  const alive = children.filter((c) => c.exitCode === null && c.signalCode === null);
  for (const child of alive) child.kill('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (alive.some((c) => c.exitCode === null && c.signalCode === null) && Date.now() < deadline) await sleep(100);
  for (const child of alive) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
