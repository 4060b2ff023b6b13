import { FaultStore } from './fault-store';
import { DEFAULT_KEEP_BUNDLES, ReceivedStore } from './received-store';

/**
 * Everything the simulator remembers, in memory (it is a test double: a restart starts clean).
 * Each NHS-side capability (FHIR endpoint now, MESH mailboxes later) adds its own store here.
 */
export interface SimulatorState {
  readonly received: ReceivedStore;
  readonly faults: FaultStore;
}

export function createSimulatorState(keepBundles: number = DEFAULT_KEEP_BUNDLES): SimulatorState {
  return { received: new ReceivedStore(keepBundles), faults: new FaultStore() };
}

export function resetSimulatorState(state: SimulatorState): void {
  state.received.clear();
  state.faults.reset();
}
