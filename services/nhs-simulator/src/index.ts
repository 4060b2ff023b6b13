// What other packages' tests use to run the simulator in-process.
export { buildNhsSimulator, type NhsSimulator, type NhsSimulatorDeps } from './app';
export { loadNhsSimulatorConfig, type NhsSimulatorConfig } from './config';
export { practiceFaultsSchema, type PracticeFaults } from './faults/fault-plan';
export type { ReceivedSummary } from './state/received-store';
export * from './mesh';
