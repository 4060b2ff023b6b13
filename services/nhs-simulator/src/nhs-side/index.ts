// The simulated NHS side behind MESH (MESH API, PDS, GP systems) and its one entry: `app.ts` registers
// nhsSidePlugin, and the package index re-exports the rest for other packages' tests.

export { type PracticeBehaviour, type PracticeBehaviourInput, practiceBehaviourSchema } from './gp-system/behaviour';
export { practiceMailboxId } from './gp-system/gp-systems';
export type { Mailbox as MeshMailbox, MessageSummary as MeshMessageSummary } from './mesh/mesh-store';
export { type NhsSidePluginOptions, nhsSidePlugin } from './nhs-side-plugin';
export { createNhsSideState, NHS_SIDE_DEFAULTS, type NhsSideSettings, type NhsSideState, resetNhsSideState } from './nhs-side-state';
export { type PdsMode, type PdsPatient, pdsPatientSchema } from './pds/pds-store';
