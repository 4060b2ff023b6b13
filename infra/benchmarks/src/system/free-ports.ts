import { createServer } from 'node:net';

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * A port offset under which every one of `basePorts` is free now, so parallel test runs and other
 * engineers' services on this machine do not make a start-up fail with EADDRINUSE.
 */
export async function freePortOffset(basePorts: readonly number[], attempts = 20): Promise<number> {
  for (let i = 0; i < attempts; i += 1) {
    const offset = 30_000 + Math.floor(Math.random() * 500) * 10;
    const free = await Promise.all(basePorts.map((port) => portFree(port + offset)));
    if (free.every(Boolean)) return offset;
  }
  throw new Error(`no free port offset found in ${attempts} attempts`);
}
