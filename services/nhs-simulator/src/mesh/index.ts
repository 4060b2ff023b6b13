// The simulated NHS side behind MESH, for the package index and other packages' tests.
export { nhsSidePlugin, type NhsSidePluginOptions } from './nhs-side-plugin';
export { createNhsSideState, resetNhsSideState, NHS_SIDE_DEFAULTS, type NhsSideState, type NhsSideSettings } from './nhs-side-state';
export type { MessageSummary as MeshMessageSummary, Mailbox as MeshMailbox } from './mesh-store';
export { practiceBehaviourSchema, type PracticeBehaviour, type PracticeBehaviourInput } from '../gp-system/behaviour';
export { practiceMailboxId } from '../gp-system/gp-systems';
export { pdsPatientSchema, type PdsPatient, type PdsMode } from '../pds/pds-store';
