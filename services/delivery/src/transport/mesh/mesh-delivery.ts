import { type Clock, type PipelineEvent, systemClock } from '@firstsync/contracts';
import type { Logger } from '@firstsync/logging';
import { createMeshClient, type MeshClient } from '@firstsync/mesh';
import { meshAckMetrics, type Registry } from '@firstsync/metrics';
import type { Transport } from '../port';
import { AckTrackingStore } from './acks/ack-tracking-store';
import { awaitingAcks } from './acks/awaiting-acks';
import type { InboxCoordination } from './acks/inbox-ownership';
import { createMeshAckSource, type MeshAckSource } from './acks/mesh-ack-source';
import { createEndpointLookup, type EndpointAnswer } from './endpoint-lookup';
import { ackTimeoutsFromEnv, type MeshEnv, meshClientOptionsFromEnv } from './mesh-config';
import { createMeshTransport } from './mesh-transport';

export interface MeshDelivery {
  /** The transport, with its `acknowledgements` source attached. */
  readonly transport: Transport;
  readonly acknowledgements: MeshAckSource;
  readonly store: AckTrackingStore;
  /** MESH endpoint lookup for Update Record, cached per practice (MESH_ENDPOINT_LOOKUP_TTL_MS). */
  readonly endpoints: (practiceOds: string) => Promise<EndpointAnswer>;
}

export interface MeshDeliveryDeps {
  readonly env: MeshEnv;
  readonly logger: Logger;
  /** Writes inf-ack / bus-ack / mesh-report events durably (pipeline.events). */
  readonly publish: (events: PipelineEvent[]) => Promise<void>;
  readonly clock?: Clock;
  /** Replaces the client built from env (tests). */
  readonly client?: MeshClient;
  /** Rebuilds the ack tracking at start (pipelineReplay from src/acks). */
  readonly replay?: (store: AckTrackingStore) => Promise<void>;
  /** Replicas: one inbox owner, tracking that follows pipeline.events (createInboxCoordination); replaces `replay`. */
  readonly coordination?: InboxCoordination;
  /** The service's registry: MESH poll health and acknowledgement metrics are registered on it. */
  readonly metrics?: Registry;
}

/** The MESH transport and its inbox poller, sharing one client and one ack-tracking store; null when MESH_URL is unset. */
export function createMeshDelivery(deps: MeshDeliveryDeps): MeshDelivery | null {
  const clientOptions = meshClientOptionsFromEnv(deps.env);
  const client = deps.client ?? (clientOptions ? createMeshClient(clientOptions) : null);
  if (!client) return null;
  const store = new AckTrackingStore({ keepDoneMs: deps.env.MESH_KEEP_DONE_MS, maxDone: deps.env.MESH_KEEP_DONE_MAX });
  const acknowledgements = createMeshAckSource({
    client,
    store,
    timeouts: ackTimeoutsFromEnv(deps.env),
    pollIntervalMs: deps.env.MESH_POLL_INTERVAL_MS,
    publish: deps.publish,
    logger: deps.logger,
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.replay ? { replay: deps.replay } : {}),
    ...(deps.coordination ? { coordination: deps.coordination } : {}),
    ...(deps.metrics ? { metrics: meshAckMetrics(deps.metrics, () => awaitingAcks(store, (deps.clock ?? systemClock).now())) } : {}),
  });
  const transport = createMeshTransport({
    client,
    store,
    dobFormat: deps.env.MESH_GPPROVIDER_DOB_FORMAT,
    acknowledgements,
    ...(deps.clock ? { clock: deps.clock } : {}),
  });
  const endpoints = createEndpointLookup({
    client,
    ttlMs: deps.env.MESH_ENDPOINT_LOOKUP_TTL_MS,
    timeoutMs: deps.env.MESH_ENDPOINT_LOOKUP_TIMEOUT_MS,
    ...(deps.clock ? { clock: deps.clock } : {}),
  });
  return { transport, acknowledgements, store, endpoints };
}
