// Regenerates contracts/pharmacy-notify-openapi.json. test/contracts-drift.test.ts fails until this
// has been run after a route or schema change. `npm run contracts:generate` runs every writer.
//   pnpm --filter @firstsync/pharmacy-notify contracts:write
import { writeArtefacts } from '@firstsync/contracts/artefacts';
import { pharmacyNotifyArtefacts } from '../src/contracts/artefacts';

writeArtefacts(await pharmacyNotifyArtefacts());
