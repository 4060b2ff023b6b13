export {
  type AckEvent,
  type AckFinal,
  type AckPhase,
  type AckProgress,
  type AckStep,
  type AckTimeouts,
  type AckTracking,
  nextAckStep,
  sentTracking,
} from './ack-state';
export { AckTrackingStore, type SentMessage, type TrackedMessage } from './ack-tracking-store';
export { createMeshAckSource, type MeshAckSource, type MeshAckSourceOptions } from './mesh-ack-source';
export { type PipelineReplayDeps, pipelineReplay } from './pipeline-replay';
export { replayPipelineEvent } from './replay-events';
