import { openReadStore } from '@firstsync/read-store';
import type { DashboardConfig } from '../config';
import type { ConsultationView } from './derive-consultation';
import { InMemoryReadModel } from './in-memory-read-model';
import type { ReadModel } from './read-model';
import { StoreReadModel } from './store-read-model';

export interface OpenedReadModel {
  readModel: ReadModel;
  /** What backs it, for the start-up log (never the URL: it may hold a password). */
  kind: 'memory' | 'pglite' | 'postgres';
  close(): Promise<void>;
}

/** The read model READ_STORE_URL selects: a migrated store, or memory when it is unset. */
export async function openReadModel(config: Pick<DashboardConfig, 'READ_STORE_URL' | 'READ_STORE_SCHEMA'>): Promise<OpenedReadModel> {
  const url = config.READ_STORE_URL;
  if (url === undefined) return { readModel: new InMemoryReadModel(), kind: 'memory', close: async () => {} };
  const store = await openReadStore<ConsultationView>({ url, schema: config.READ_STORE_SCHEMA });
  return { readModel: new StoreReadModel(store), kind: url.startsWith('pglite:') ? 'pglite' : 'postgres', close: () => store.close() };
}
