// npm run outcomes:load-reference -- [--epcn <csv> --epraccur <csv>] [--store <url>] [--schema <name>] [--as-of YYYY-MM-DD]
// Loads NHS England's ODS reference files (README: "Loading the real ODS files") into the outcomes
// store, printing what changed against the set loaded before. With no files: the shipped synthetic fixture.
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EPCN_FIXTURE, EPRACCUR_FIXTURE } from '@firstsync/outcomes-core/fixtures';
import { DEFAULT_OUTCOMES_SCHEMA, openOutcomesStore, parseReferenceFiles } from '../src/index';
import { formatLoadResult, parseLoadReferenceArgs } from '../src/load-reference-command';

const root = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
/** Where `npm start`'s dashboard keeps its outcomes store (beside its read store) when nothing else is said. */
const DEFAULT_STORE = `pglite:${resolve(root, '.data', 'read-store')}`;

async function main(): Promise<void> {
  const args = parseLoadReferenceArgs(process.argv.slice(2));
  const epcnPath = args.epcn ? resolve(process.cwd(), args.epcn) : fileURLToPath(EPCN_FIXTURE);
  const epraccurPath = args.epraccur ? resolve(process.cwd(), args.epraccur) : fileURLToPath(EPRACCUR_FIXTURE);
  const set = parseReferenceFiles({ epcn: await readFile(epcnPath, 'utf8'), epraccur: await readFile(epraccurPath, 'utf8') });
  const url = args.store ?? process.env.OUTCOMES_STORE_URL ?? DEFAULT_STORE;
  const asOf = args.asOf ?? new Date().toISOString().slice(0, 10);
  const store = await openOutcomesStore({ url, schema: args.schema ?? process.env.OUTCOMES_STORE_SCHEMA ?? DEFAULT_OUTCOMES_SCHEMA });
  try {
    const source = args.epcn ? `${basename(epcnPath)} + ${basename(epraccurPath)}` : 'synthetic fixture (packages/outcomes/fixtures)';
    const result = await store.loadReference(set, { source, loadedAt: new Date().toISOString(), asOf });
    process.stdout.write(`${formatLoadResult(result, asOf)}\n`);
  } finally {
    await store.close();
  }
}

main().catch((err: unknown) => {
  // A ReferenceFileError names the file, row and column, never a cell's content; a store URL is never echoed.
  process.stderr.write(`outcomes:load-reference: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
