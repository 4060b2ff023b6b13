// Regenerates contracts/openapi.json, the artefact ingest owns (the JSON Schemas and the AsyncAPI
// document come from @firstsync/contracts). test/contracts-drift.test.ts fails until this has been
// run after a route or schema change. `npm run contracts:generate` runs both writers.
//   pnpm --filter @firstsync/ingest contracts:write
import { writeArtefacts } from '@firstsync/contracts/artefacts';
import { ingestArtefacts } from '../src/contracts/artefacts';

writeArtefacts(await ingestArtefacts());
