import { memorySessionRepository, openReadStore } from '@firstsync/read-store';
import type { SessionRepositoryOf } from './auth/session-store';
import type { DashboardConfig } from './config';
import type { ConsultationView } from './read-model/derive-consultation';
import { InMemoryReadModel } from './read-model/in-memory-read-model';
import type { ReadModel } from './read-model/read-model';
import { StoreReadModel } from './read-model/store-read-model';

export interface OpenedReadModel {
  readModel: ReadModel;
  /** What backs it, for the start-up log (never the URL: it may hold a password). */
  kind: 'memory' | 'pglite' | 'postgres';
  /** Sessions beside it: in the store (one pool for both, shared by every instance on it), or in memory. */
  sessions: SessionRepositoryOf;
  close(): Promise<void>;
}

/** The read model READ_STORE_URL selects: a migrated store, or memory when it is unset. */
export async function openReadModel(config: Pick<DashboardConfig, 'READ_STORE_URL' | 'READ_STORE_SCHEMA'>): Promise<OpenedReadModel> {
  const url = config.READ_STORE_URL;
  if (url === undefined) return { readModel: new InMemoryReadModel(), kind: 'memory', sessions: memorySessionRepository(), close: async () => {} };
  const store = await openReadStore<ConsultationView>({ url, schema: config.READ_STORE_SCHEMA });
  return {
    readModel: new StoreReadModel(store),
    kind: url.startsWith('pglite:') ? 'pglite' : 'postgres',
    sessions: store.sessions(),
    close: () => store.close(),
  };
}
