export { nextAckStep, sentTracking, type AckEvent, type AckFinal, type AckPhase, type AckProgress, type AckStep, type AckTimeouts, type AckTracking } from './ack-state';
export { itkCodeMeaning, reportMeaning, type AckVerdict, type CodeMeaning } from './ack-codes';
export { AckTrackingStore, type SentMessage, type TrackedMessage } from './ack-tracking-store';
export { replayPipelineEvent } from './replay-events';
export { pipelineReplay, type PipelineReplayDeps } from './pipeline-replay';
export { createMeshAckSource, type MeshAckSource, type MeshAckSourceOptions } from './mesh-ack-source';
