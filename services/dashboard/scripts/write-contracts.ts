// Regenerates contracts/outcomes-openapi.json. test/outcomes-contracts-drift.test.ts fails until this
// has been run after a change of the outcomes API's schemas. `npm run contracts:generate` runs every writer.
//   pnpm --filter @firstsync/dashboard contracts:write
import { artefactJson, writeArtefacts } from '@firstsync/contracts/artefacts';
import { OUTCOMES_OPENAPI_FILE, outcomesOpenApiDocument } from '../src/outcomes/openapi';

writeArtefacts([{ file: OUTCOMES_OPENAPI_FILE, content: artefactJson(outcomesOpenApiDocument()) }]);
