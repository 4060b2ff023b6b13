import { type Clock, systemClock } from '@firstsync/contracts';
import { openReadStore } from '@firstsync/read-store';
import type { IngestConfig } from '../config';
import { memoryStatusTimelines, type StatusTimelines } from './status-timelines';
import { storeStatusTimelines } from './store-timelines';

type StatusConfig = Pick<
  IngestConfig,
  | 'STATUS_STORE_URL'
  | 'STATUS_STORE_SCHEMA'
  | 'STATUS_RETENTION_DAYS'
  | 'STATUS_STORE_PRUNE_INTERVAL_MS'
  | 'INGEST_TIMELINE_MAX_CONSULTATIONS'
  | 'INGEST_TIMELINE_MAX_EVENTS'
>;

/** The timelines STATUS_STORE_URL selects: a migrated read store, or bounded memory when it is unset. */
export async function openStatusTimelines(config: StatusConfig, clock: Clock = systemClock): Promise<StatusTimelines> {
  const url = config.STATUS_STORE_URL;
  if (url === undefined) {
    return memoryStatusTimelines({ maxConsultations: config.INGEST_TIMELINE_MAX_CONSULTATIONS, maxEventsPerConsultation: config.INGEST_TIMELINE_MAX_EVENTS });
  }
  const store = await openReadStore({ url, schema: config.STATUS_STORE_SCHEMA });
  return storeStatusTimelines(store, {
    kind: url.startsWith('pglite:') ? 'pglite' : 'postgres',
    retentionDays: config.STATUS_RETENTION_DAYS,
    pruneIntervalMs: config.STATUS_STORE_PRUNE_INTERVAL_MS,
    clock,
  });
}
