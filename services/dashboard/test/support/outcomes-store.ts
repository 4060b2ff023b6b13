import type { OutcomeFactRecord } from '@firstsync/contracts';
import { type OutcomesStore, openOutcomesStore, parseReferenceFiles } from '@firstsync/outcomes-store';
import { readFixtureFiles } from '../../src/outcomes/open-outcomes';

/**
 * A real outcomes store, embedded in memory, placing practices by the synthetic reference fixture
 * (QZA: Z1A {U90001: A81001, A81002 until 2024-09-30; U90002: A81002 from 2024-10-01, A81003},
 * Z1B {U90003: Y02345, B82005, B82006}; QZB: Z2A {U90004: M85063, C84017, J82026; P87651 in no PCN}),
 * with `records` absorbed.
 */
export async function fixtureOutcomesStore(records: readonly OutcomeFactRecord[] = []): Promise<OutcomesStore> {
  const store = await openOutcomesStore({ url: 'pglite:' });
  await store.loadReference(parseReferenceFiles(await readFixtureFiles()), { source: 'test fixture', loadedAt: new Date().toISOString(), asOf: '2025-03-03' });
  if (records.length > 0) await store.absorb(records, []);
  return store;
}
