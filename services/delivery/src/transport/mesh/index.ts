// The MESH transport's one entry: sending, and the acknowledgements that come back over MESH
// (acks/ is internal to this folder; nothing outside imports it directly).
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
} from './acks/ack-state';
export { AckTrackingStore, DEFAULT_DONE_RETENTION, type DoneRetention, type SentMessage, type TrackedMessage } from './acks/ack-tracking-store';
export { createInboxCoordination, type InboxCoordination, type InboxCoordinationDeps } from './acks/inbox-ownership';
export { createMeshAckSource, type MeshAckSource, type MeshAckSourceOptions } from './acks/mesh-ack-source';
export { type PipelineReplayDeps, pipelineReplay } from './acks/pipeline-replay';
export { replayPipelineEvent } from './acks/replay-events';
export { classifyMeshError } from './classify-mesh-error';
export { createEndpointLookup, type EndpointAnswer, type EndpointLookupOptions } from './endpoint-lookup';
export { ackTimeoutsFromEnv, type MeshEnv, meshClientOptionsFromEnv, meshEnv } from './mesh-config';
export { createMeshDelivery, type MeshDelivery, type MeshDeliveryDeps } from './mesh-delivery';
export { meshSubject } from './mesh-subject';
export { createMeshTransport, type MeshTransportOptions } from './mesh-transport';
