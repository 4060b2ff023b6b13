// The dependency-free .mjs helpers that `npm start`, the e2e tests and the benchmarks use, so the
// chaos suite runs exactly the same system they do.
import * as processesModule from '../../scripts/lib/processes.mjs';
import { type ServiceSpec, type ServiceTable, serviceTable as serviceTableFn } from '../../scripts/lib/service-table.mjs';

export type { ServiceSpec, ServiceTable };

export interface LocalBroker {
  brokers: string;
  pid: number;
  port: number;
  startSeconds: number;
}

interface KafkaLocalModule {
  repoRoot: string;
  startLocalBroker(options: { port?: number; heap?: string; keepData?: boolean }): Promise<LocalBroker>;
  stopLocalBroker(options: { port?: number; graceMs?: number }): Promise<boolean>;
}

// Loaded by URL: kafka-local.mjs has no type declarations (it must run before `pnpm install`).
const kafkaLocalUrl = new URL('../../kafka-local/kafka-local.mjs', import.meta.url).href;

export const processes = processesModule;
export const serviceTable = serviceTableFn;
export const kafkaLocal = (await import(kafkaLocalUrl)) as KafkaLocalModule;
export const repoRoot: string = kafkaLocal.repoRoot;
