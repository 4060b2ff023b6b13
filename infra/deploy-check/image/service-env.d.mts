// Types for service-env.mjs (TypeScript picks up `service-env.d.mts` for imports of './service-env.mjs').

/** What service-env.mjs reads from packages/service-runner/src/service-table.ts. */
export interface ServiceTableModule {
  serviceTable(options: { brokers: string }): { services: readonly { name: string; port: number }[] };
  HEAP_BUDGET_MB: Readonly<Record<string, number>>;
  heapFlags(heapMb: number): string[];
  MALLOC_ENV: Readonly<Record<string, string>>;
}

/** The POSIX shell snippet of defaults for `name`'s image; throws on a name the table does not know. */
export function serviceEnvScript(table: ServiceTableModule, name: string): string;
