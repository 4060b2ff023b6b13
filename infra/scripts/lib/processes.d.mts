import type { ChildProcess } from 'node:child_process';
import type { ServiceSpec } from './service-table.mjs';
export function startService(
  root: string,
  service: ServiceSpec,
  options?: { output?: 'pretty' | 'json' | 'silent'; onLine?: (line: string, serviceName: string) => void },
): ChildProcess;
export function waitReady(service: ServiceSpec, options?: { timeoutMs?: number; child?: ChildProcess }): Promise<void>;
export function stopAll(children: ChildProcess[], graceMs?: number): Promise<void>;
