import { sparePort, startLocalPostgres, stopLocalPostgres } from '../../postgres-local/postgres-local.mjs';

/** Where the run's dashboard read model and ingest status store live. */
export type StoreChoice = 'postgres' | 'memory';

export interface RunStores {
  /** Passed to startSystem: the dashboard's READ_STORE_URL and ingest's STATUS_STORE_URL (own schemas on one server). */
  readonly stores: { readStore?: string; statusStore?: string };
  readonly description: string;
  stop(): Promise<void>;
}

export function parseStoreChoice(text: string | undefined, fallback: StoreChoice): StoreChoice {
  if (text === undefined) return fallback;
  if (text === 'postgres' || text === 'memory') return text;
  throw new Error(`--store must be postgres or memory, not ${text}`);
}

/**
 * `postgres`: a real PostgreSQL server of the run's own (infra/postgres-local, a spare port, fsync off:
 * the run throws its data away) shared by every dashboard and ingest instance, as a region runs them.
 * `memory`: each process keeps its views in memory (the quick form).
 */
export async function startRunStores(choice: StoreChoice, log: (msg: string) => void): Promise<RunStores> {
  if (choice === 'memory') return { stores: {}, description: 'in memory (per process)', stop: async () => {} };
  const server = await startLocalPostgres({ port: await sparePort(), durable: false });
  log(`PostgreSQL read store on 127.0.0.1:${server.port} (started in ${server.startSeconds.toFixed(1)} s)`);
  return {
    stores: { readStore: server.url, statusStore: server.url },
    description: `PostgreSQL on 127.0.0.1:${server.port} (shared by every dashboard and ingest instance)`,
    stop: async () => void (await stopLocalPostgres({ port: server.port })),
  };
}
