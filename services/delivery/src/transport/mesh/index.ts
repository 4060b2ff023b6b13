export { classifyMeshError } from './classify-mesh-error';
export { ackTimeoutsFromEnv, type MeshEnv, meshClientOptionsFromEnv, meshEnv } from './mesh-config';
export { createMeshDelivery, type MeshDelivery, type MeshDeliveryDeps } from './mesh-delivery';
export { meshSubject } from './mesh-subject';
export { createMeshTransport, type MeshTransportOptions } from './mesh-transport';
