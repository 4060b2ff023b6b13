import type { ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startService, stopAll, waitReady } from '../../scripts/lib/processes.mjs';
import { serviceTable, type ServiceSpec, type ServiceTable } from '../../scripts/lib/service-table.mjs';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface RunningSystem {
  readonly table: ServiceTable;
  readonly urls: ServiceTable['urls'];
  readonly children: readonly ChildProcess[];
  /** Every raw log line of every service, for PII assertions. */
  readonly logLines: string[];
  stopped: boolean;
}

export interface SystemOptions {
  brokers: string;
  topicPrefix: string;
  services?: ReadonlyArray<ServiceSpec['name']>;
  /** Added to every default port; random by default so parallel runs don't collide. */
  portOffset?: number;
  env?: Record<string, string>;
}

/** Starts the services as `npm start` does (one process each, tsx), in the table's order. */
export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const portOffset = options.portOffset ?? 20_000 + Math.floor(Math.random() * 1_000) * 10;
  const table = serviceTable({ brokers: options.brokers, topicPrefix: options.topicPrefix, portOffset, logLevel: 'info' });
  const wanted = new Set(options.services ?? table.services.map((service) => service.name));
  const system: RunningSystem = { table, urls: table.urls, children: [], logLines: [], stopped: false };
  const children = system.children as ChildProcess[];
  try {
    for (const service of table.services.filter((s) => wanted.has(s.name))) {
      const spec: ServiceSpec = { ...service, env: { ...service.env, ...options.env } };
      const child = startService(repoRoot, spec, { output: 'silent', onLine: (line) => system.logLines.push(line) });
      children.push(child);
      await waitReady(spec, { child, timeoutMs: 90_000 });
    }
  } catch (err) {
    await stopSystem(system);
    const tail = system.logLines.slice(-20).join('\n');
    throw new Error(`${err instanceof Error ? err.message : String(err)}\nlast log lines:\n${tail}`);
  }
  return system;
}

export async function stopSystem(system: RunningSystem): Promise<void> {
  if (system.stopped) return;
  system.stopped = true;
  await stopAll([...system.children], 30_000);
}
