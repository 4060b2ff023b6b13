// The simulated NHS side behind MESH, for the package index and other packages' tests.

export { type PracticeBehaviour, type PracticeBehaviourInput, practiceBehaviourSchema } from '../gp-system/behaviour';
export { practiceMailboxId } from '../gp-system/gp-systems';
export { type PdsMode, type PdsPatient, pdsPatientSchema } from '../pds/pds-store';
export type { Mailbox as MeshMailbox, MessageSummary as MeshMessageSummary } from './mesh-store';
export { type NhsSidePluginOptions, nhsSidePlugin } from './nhs-side-plugin';
export { createNhsSideState, NHS_SIDE_DEFAULTS, type NhsSideSettings, type NhsSideState, resetNhsSideState } from './nhs-side-state';
