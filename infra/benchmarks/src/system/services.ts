import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type ServiceSpec, type ServiceTable, serviceTable, startService, stopAll, waitReady } from '@firstsync/service-runner';
import { onAbandon } from './cleanup';
import { freePortOffset } from './free-ports';
import { bothRoutesDeliveryEnv } from './mesh-directory';
import { repoRoot } from './repo-root';
import { SkipScenario } from './skip';

export type ServiceName = ServiceSpec['name'];

export interface RunningServices {
  readonly table: ServiceTable;
  readonly topicPrefix: string;
  readonly processes: ReadonlyMap<ServiceName, ChildProcess>;
  /** Last log lines per service, to explain a failure without printing everything. */
  tail(name: ServiceName, lines?: number): string[];
  stop(): Promise<void>;
}

export interface StartOptions {
  brokers: string;
  /** e.g. 'bench-e2e' -> topics `bench-e2e-<random>.consultations.v1` */
  label: string;
  services: readonly ServiceName[];
  env?: Partial<Record<ServiceName, Record<string, string>>>;
  /**
   * Practices delivery serves over MESH (the simulator's MESH API, with the shared table's MESH
   * settings); every other practice stays on FHIR REST. Empty or absent: FHIR REST only.
   */
  meshPractices?: readonly string[];
  readyTimeoutMs?: number;
  log: (line: string) => void;
}

const TAIL = 40;
const PROFILE_PRELOAD = join(dirname(fileURLToPath(import.meta.url)), 'cpu-profile-preload.mjs');

/**
 * Starts the named services as `npm start` does (one process each, the shared service table)
 * on their own topic namespace and ports, so a run never touches a developer's running system.
 * Throws SkipScenario naming the service when one is not there yet or does not become ready.
 */
export async function startServices(options: StartOptions): Promise<RunningServices> {
  const topicPrefix = `${options.label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}.`;
  const defaults = serviceTable({ brokers: options.brokers });
  const portOffset = await freePortOffset(Object.values(defaults.ports));
  const settings = { brokers: options.brokers, topicPrefix, portOffset, logLevel: process.env.BENCH_LOG_LEVEL ?? 'info' };
  const fhirRestTable = serviceTable(settings);
  const meshPractices = options.meshPractices ?? [];
  const meshDeliveryEnv =
    meshPractices.length > 0 ? serviceTable({ ...settings, route: 'mesh' }).services.find((service) => service.name === 'delivery')?.env : undefined;
  const table: ServiceTable = {
    ...fhirRestTable,
    services: fhirRestTable.services.map((service) =>
      service.name === 'delivery' && meshDeliveryEnv ? { ...service, env: bothRoutesDeliveryEnv(service.env, meshDeliveryEnv, meshPractices) } : service,
    ),
  };
  const wanted = table.services.filter((service) => options.services.includes(service.name));
  for (const service of wanted) {
    if (!existsSync(join(repoRoot, service.dir, 'src', 'main.ts'))) throw new SkipScenario(`${service.dir}/src/main.ts does not exist yet`);
  }
  const processes = new Map<ServiceName, ChildProcess>();
  const tails = new Map<ServiceName, string[]>();
  const stopProcesses = () => stopAll([...processes.values()], 15_000);
  const forget = onAbandon(stopProcesses);
  const running: RunningServices = {
    table,
    topicPrefix,
    processes,
    tail: (name, lines = 10) => (tails.get(name) ?? []).slice(-lines),
    stop: async () => {
      forget();
      await stopProcesses();
    },
  };
  for (const service of wanted) {
    // BENCH_CPU_PROFILE_DIR=/some/dir writes a V8 CPU profile per service when it stops (to find what stands in the way).
    const profileDir = process.env.BENCH_CPU_PROFILE_DIR;
    const profiling: Record<string, string> = profileDir
      ? {
          NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${pathToFileURL(PROFILE_PRELOAD).href}`.trim(),
          BENCH_CPU_PROFILE_OUT: join(profileDir, service.name),
        }
      : {};
    const spec: ServiceSpec = { ...service, env: { ...service.env, ...options.env?.[service.name], ...profiling } };
    const lines: string[] = [];
    tails.set(service.name, lines);
    const child = startService(repoRoot, spec, {
      output: 'silent',
      onLine: (line) => {
        lines.push(line);
        if (lines.length > TAIL) lines.shift();
      },
    });
    processes.set(service.name, child);
    const started = Date.now();
    try {
      await waitReady(spec, { child, timeoutMs: options.readyTimeoutMs ?? 60_000 });
      options.log(`  ${service.name} ready on :${spec.port} in ${((Date.now() - started) / 1000).toFixed(1)} s (pid ${child.pid})`);
    } catch (err) {
      await running.stop();
      const last = lines
        .slice(-3)
        .map((line) => line.slice(0, 300))
        .join(' / ');
      throw new SkipScenario(
        `${service.name} did not start (${err instanceof Error ? err.message.split('\n')[0] : String(err)})${last ? `; last log: ${last}` : ''}`,
      );
    }
  }
  return running;
}
