// Regenerates contracts/consultation-event.schema.json and contracts/asyncapi.json from the zod
// schemas and @firstsync/kafka's topics. test/contracts-drift.test.ts fails until this has been run
// after a schema or topic change. `npm run contracts:generate` runs this and ingest's OpenAPI writer.
//   pnpm --filter @firstsync/contracts contracts:write
import { contractArtefacts, writeArtefacts } from './artefacts';

writeArtefacts(contractArtefacts());
