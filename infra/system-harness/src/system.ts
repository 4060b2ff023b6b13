import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Instances,
  SERVICE_NAMES,
  type ServiceName,
  type ServiceSpec,
  type ServiceTable,
  serviceTable,
  startService,
  stopAll,
  waitReady,
} from '@firstsync/service-runner';
import { LineTail, type ProcessExit } from './exits';
import { repoRoot } from './infra-scripts';
import { freePort, freePortOffset } from './ports';

export type { ServiceName };

export interface LogLine {
  readonly service: ServiceName;
  /** Which instance of the service (0 when it runs once). */
  readonly instance: number;
  /** Which run of the service (0 = first start, 1 = after the first restart, ...). */
  readonly incarnation: number;
  readonly line: string;
}

export interface ServiceExit {
  readonly service: ServiceName;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** An exit nobody asked for (a crash). */
export type UnexpectedExit = ProcessExit & { readonly cause: 'none' };

const TAIL_LINES = 15;

export interface SystemOptions {
  brokers: string;
  topicPrefix: string;
  /** Services to run, in start order (default: all, in the service table's order). */
  only?: readonly ServiceName[];
  /** Extra environment per service, on top of the service table's. */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
  logLevel?: string;
  readyTimeoutMs?: number;
  /** Sees every log line as it arrives (the lines are also kept in `logs`). */
  onLine?: (line: LogLine) => void;
  /** Start the services side by side (after the first) instead of one after another: faster, same result. */
  parallelStart?: boolean;
  /** Keep log lines in memory (default true); the 20,000-consultation run turns it off. */
  keepLogs?: boolean;
  /** Delivery's route: 'fhir-rest' (default) or 'mesh' (as `npm start` runs it: MESH to the simulator). */
  route?: 'fhir-rest' | 'mesh';
  /** SMTP relay for the NHSmail fallback on route 'mesh' (default: a free port nothing listens on, so no mail leaves the test). */
  smtpPort?: number;
  /** Processes per service (default one each; FIRSTSYNC_INSTANCES is not read here, so suites stay as written). */
  instances?: Instances;
  /** The dashboard's read store and ingest's status store (URLs as READ_STORE_URL); unset: both in memory. */
  stores?: { readStore?: string; statusStore?: string };
  /** Heap budgets other than the service table's (see serviceTable's heapMb). */
  heapMb?: Partial<Record<ServiceName, number>>;
}

export interface RunningSystem {
  readonly table: ServiceTable;
  readonly logs: readonly LogLine[];
  readonly unexpectedExits: readonly UnexpectedExit[];
  /** Every process exit so far, planned or not, with the process's last lines (even with keepLogs off). */
  readonly exits: readonly ProcessExit[];
  /** Services with at least one instance running. */
  readonly running: readonly ServiceName[];
  /** The service's public URL (the port its instances share, or its first instance's). */
  url(service: ServiceName): string;
  /** Where one instance alone answers (its own port). */
  instanceUrl(service: ServiceName, instance: number): string;
  /** How many instances of the service the system runs. */
  instances(service: ServiceName): number;
  /** Whether that instance's process is alive. */
  isRunning(service: ServiceName, instance?: number): boolean;
  /** The process id of that instance while it runs (the soak reads its RSS), else undefined. */
  pid(service: ServiceName, instance?: number): number | undefined;
  /** SIGKILL (no shutdown hooks run: the crash case) or SIGTERM (orderly) to one instance (default the first). Resolves once it is gone. */
  kill(service: ServiceName, signal?: NodeJS.Signals, instance?: number): Promise<void>;
  /** Starts a stopped instance again and waits until its /health/ready answers. */
  start(service: ServiceName, instance?: number): Promise<void>;
  restart(service: ServiceName, signal?: NodeJS.Signals, instance?: number): Promise<void>;
  /** SIGTERM to all, SIGKILL after a grace period; resolves with how each service ended (also added to `exits`). */
  stop(): Promise<ServiceExit[]>;
}

/** Whether a service has its process entry point yet (services land one by one). */
export function serviceAvailable(name: ServiceName): boolean {
  const spec = serviceTable({ brokers: 'unused' }).services.find((s) => s.name === name);
  return spec !== undefined && existsSync(join(repoRoot, spec.dir, 'src', 'main.ts'));
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

function waitExit(child: ChildProcess): Promise<void> {
  if (exited(child)) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Calls `onLine` for every complete line of a stream. */
function eachLine(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  let buffer = '';
  stream?.on('data', (chunk: Buffer | string) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) onLine(line);
  });
  stream?.on('end', () => {
    if (buffer.trim()) onLine(buffer);
  });
}

/**
 * The real services as child processes (`node dist/main.mjs`, bundled from src/ as `npm start` runs them)
 * on free ports and one topic namespace, with every log line captured.
 */
export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const instances = options.instances ?? {};
  const base = serviceTable({ brokers: options.brokers, instances });
  const offset = await freePortOffset(base.allPorts);
  const table = serviceTable({
    instances,
    brokers: options.brokers,
    topicPrefix: options.topicPrefix,
    portOffset: offset,
    logLevel: options.logLevel ?? 'info',
    route: options.route ?? 'fhir-rest',
    smtpPort: options.smtpPort ?? (await freePort()),
    ...options.stores,
    ...(options.heapMb ? { heapMb: options.heapMb } : {}),
  });
  const order = (options.only ?? SERVICE_NAMES).slice();
  // Keyed by the process label: `ingest`, or `ingest#1`, `ingest#2` with several instances.
  const specs = new Map<string, ServiceSpec>();
  const labelsOf = new Map<ServiceName, string[]>();
  for (const spec of table.services) {
    specs.set(spec.label, { ...spec, env: { ...spec.env, ...options.env?.[spec.name] } });
    labelsOf.set(spec.name, [...(labelsOf.get(spec.name) ?? []), spec.label]);
  }
  const labelOf = (name: ServiceName, instance = 0): string => {
    const label = labelsOf.get(name)?.[instance];
    if (label === undefined) throw new Error(`unknown service ${name} instance ${instance}`);
    return label;
  };
  const logs: LogLine[] = [];
  const unexpectedExits: UnexpectedExit[] = [];
  const exits: ProcessExit[] = [];
  const children = new Map<string, ChildProcess>();
  const incarnations = new Map<string, number>();
  // The signal the harness sent each child it killed on purpose.
  const expectingExit = new Map<ChildProcess, NodeJS.Signals>();
  const closed = new Map<ChildProcess, Promise<void>>();
  const keepLogs = options.keepLogs ?? true;
  let stopping = false;

  async function start(name: ServiceName, instance = 0): Promise<void> {
    const label = labelOf(name, instance);
    const spec = specs.get(label);
    if (!spec) throw new Error(`unknown service ${label}`);
    const current = children.get(label);
    if (current && !exited(current)) throw new Error(`${label} is already running`);
    const incarnation = (incarnations.get(label) ?? -1) + 1;
    incarnations.set(label, incarnation);
    const logTail = new LineTail(TAIL_LINES);
    const stderrTail = new LineTail(TAIL_LINES);
    const child = startService(repoRoot, spec, {
      output: 'silent',
      onLine: (line) => {
        const entry: LogLine = { service: name, instance, incarnation, line };
        logTail.push(line);
        if (keepLogs) logs.push(entry);
        options.onLine?.(entry);
      },
    });
    eachLine(child.stderr, (line) => stderrTail.push(line));
    // 'close' comes after the output streams ended, so the tails hold the process's last words.
    closed.set(
      child,
      new Promise((resolve) =>
        child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
          const requestedSignal = expectingExit.get(child);
          const cause = requestedSignal !== undefined ? 'planned-kill' : stopping ? 'stop' : 'none';
          const exit: ProcessExit = {
            service: name,
            instance,
            incarnation,
            code,
            signal,
            cause,
            ...(requestedSignal ? { requestedSignal } : {}),
            stderrTail: stderrTail.snapshot(),
            logTail: logTail.snapshot(),
          };
          exits.push(exit);
          if (exit.cause === 'none') unexpectedExits.push({ ...exit, cause: 'none' });
          resolve();
        }),
      ),
    );
    children.set(label, child);
    try {
      await waitReady(spec, { child, timeoutMs: options.readyTimeoutMs ?? 150_000 });
    } catch (err) {
      // The service's own last lines say why (config errors name variables, never values).
      const tail = logs
        .filter((l) => l.service === name && l.instance === instance && l.incarnation === incarnation)
        .slice(-15)
        .map((l) => `  ${l.line}`);
      throw new Error(`${err instanceof Error ? err.message : String(err)}\n${tail.join('\n')}`);
    }
  }

  async function kill(name: ServiceName, signal: NodeJS.Signals = 'SIGKILL', instance = 0): Promise<void> {
    const child = children.get(labelOf(name, instance));
    if (!child || exited(child)) return;
    expectingExit.set(child, signal);
    child.kill(signal);
    await waitExit(child);
  }

  const isAlive = (label: string): boolean => {
    const child = children.get(label);
    return child !== undefined && !exited(child);
  };

  const system: RunningSystem = {
    table,
    logs,
    unexpectedExits,
    exits,
    get running() {
      return order.filter((name) => (labelsOf.get(name) ?? []).some((label) => isAlive(label)));
    },
    url: (name) => `http://127.0.0.1:${specs.get(labelOf(name))?.port ?? 0}`,
    instanceUrl: (name, instance) => `http://127.0.0.1:${specs.get(labelOf(name, instance))?.instancePort ?? 0}`,
    instances: (name) => labelsOf.get(name)?.length ?? 0,
    isRunning: (name, instance = 0) => isAlive(labelOf(name, instance)),
    pid: (name, instance = 0) => {
      const label = labelOf(name, instance);
      return isAlive(label) ? children.get(label)?.pid : undefined;
    },
    kill,
    start,
    async restart(name, signal = 'SIGKILL', instance = 0) {
      await kill(name, signal, instance);
      await start(name, instance);
    },
    async stop() {
      stopping = true;
      await stopAll([...children.values()], 15_000);
      // Bounded: a process whose output pipes never close must not hang the harness.
      await Promise.race([Promise.all([...children.values()].map((child) => closed.get(child))), new Promise((resolve) => setTimeout(resolve, 5_000))]);
      return [...children].map(([label, child]) => ({
        service: specs.get(label)?.name ?? (label as ServiceName),
        code: child.exitCode,
        signal: child.signalCode,
      }));
    },
  };

  const instancesOf = (name: ServiceName): number[] => (labelsOf.get(name) ?? []).map((_, i) => i);
  try {
    if (options.parallelStart) {
      const [first, ...rest] = order;
      if (first) await Promise.all(instancesOf(first).map((i) => start(first, i)));
      await Promise.all(rest.flatMap((name) => instancesOf(name).map((i) => start(name, i))));
    } else {
      for (const name of order) for (const i of instancesOf(name)) await start(name, i);
    }
  } catch (err) {
    await system.stop();
    throw err;
  }
  return system;
}
