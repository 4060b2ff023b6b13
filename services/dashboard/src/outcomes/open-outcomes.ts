import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Logger } from '@firstsync/logging';
import { type OutcomesStore, openOutcomesStore, parseReferenceFiles } from '@firstsync/outcomes-store';
import type { DashboardConfig } from '../config';

type OutcomesConfig = Pick<DashboardConfig, 'OUTCOMES_STORE_URL' | 'OUTCOMES_STORE_SCHEMA' | 'OUTCOMES_LOAD_FIXTURE' | 'READ_STORE_URL'>;

/**
 * Where the outcomes store is: OUTCOMES_STORE_URL, else the read store's database with a schema of
 * its own (an embedded PGlite directory is then shared by both stores of this process: one
 * database, not two, @firstsync/read-store's pgliteDatabase). With neither set: embedded, in memory.
 */
export function outcomesStoreUrl(config: Pick<OutcomesConfig, 'OUTCOMES_STORE_URL' | 'READ_STORE_URL'>): string {
  return config.OUTCOMES_STORE_URL ?? config.READ_STORE_URL ?? 'pglite:';
}

const require = createRequire(import.meta.url);

/**
 * The synthetic reference files shipped in @firstsync/outcomes-core (fixtures/). Found from the
 * package's resolved entry, not its `import.meta.url` file URLs: in the service bundle
 * (dist/main.mjs) those would point beside the bundle.
 */
export async function readFixtureFiles(): Promise<{ epcn: string; epraccur: string }> {
  const dir = join(dirname(require.resolve('@firstsync/outcomes-core')), '..', 'fixtures');
  const [epcn, epraccur] = await Promise.all([readFile(join(dir, 'epcn-core-partner-details.csv'), 'utf8'), readFile(join(dir, 'epraccur.csv'), 'utf8')]);
  return { epcn, epraccur };
}

export interface OpenedOutcomes {
  store: OutcomesStore;
  kind: 'pglite' | 'postgres';
}

/** Opens (and migrates) the outcomes store; loads the synthetic fixture when it holds no reference data and the config allows. */
export async function openDashboardOutcomes(config: OutcomesConfig, logger: Logger, now: () => Date = () => new Date()): Promise<OpenedOutcomes> {
  const url = outcomesStoreUrl(config);
  const store = await openOutcomesStore({ url, schema: config.OUTCOMES_STORE_SCHEMA });
  if (config.OUTCOMES_LOAD_FIXTURE && (await store.referenceStatus()) === null) {
    const at = now();
    const result = await store.loadReference(parseReferenceFiles(await readFixtureFiles()), {
      source: 'synthetic fixture (packages/outcomes/fixtures)',
      loadedAt: at.toISOString(),
      asOf: at.toISOString().slice(0, 10),
    });
    logger.warn(
      { practices: result.status.practices, pcns: result.status.pcns },
      'outcomes: no reference data was loaded, so the synthetic fixture now places practices. Load the real ODS files (README: outcomes) or set OUTCOMES_LOAD_FIXTURE=false.',
    );
  }
  return { store, kind: url.startsWith('pglite:') ? 'pglite' : 'postgres' };
}
