export { createMeshTransport, type MeshTransportOptions } from './mesh-transport';
export { createMeshDelivery, type MeshDelivery, type MeshDeliveryDeps } from './mesh-delivery';
export { meshEnv, meshClientOptionsFromEnv, ackTimeoutsFromEnv, type MeshEnv } from './mesh-config';
export { classifyMeshError } from './classify-mesh-error';
export { meshSubject } from './mesh-subject';
