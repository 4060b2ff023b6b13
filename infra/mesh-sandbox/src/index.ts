// Public API of @firstsync/mesh-sandbox: NHS England's MESH sandbox, installed and started for tests.

export { type MeshSandbox, SANDBOX_MAILBOXES, type StartMeshSandboxOptions, startMeshSandbox } from './sandbox';
export { ensureMeshSandbox, MESH_SANDBOX_VERSION } from './venv';
