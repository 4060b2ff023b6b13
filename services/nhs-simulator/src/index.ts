// What other packages' tests use to run the simulator in-process.
export { buildNhsSimulator, type NhsSimulator, type NhsSimulatorDeps } from './app';
export { loadNhsSimulatorConfig, type NhsSimulatorConfig } from './config';
export { type PracticeFaults, practiceFaultsSchema } from './faults/fault-plan';
export * from './nhs-side';
export * from './pharmacy-system';
export type { ReceivedSummary } from './state/received-store';
