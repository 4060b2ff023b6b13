// Regenerates the committed contract artefacts ingest owns (contracts/openapi.json,
// contracts/consultation-event.schema.json, contracts/asyncapi.json). test/contracts-drift.test.ts
// fails until this has been run after a schema change.
//   pnpm --filter @firstsync/ingest contracts:write
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingestArtefacts } from '../src/contracts/artefacts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

for (const artefact of await ingestArtefacts()) {
  const path = join(repoRoot, artefact.file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, artefact.content);
  process.stdout.write(`wrote ${artefact.file} (${artefact.content.length} bytes)\n`);
}
