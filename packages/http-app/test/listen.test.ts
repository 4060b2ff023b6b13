import { createServer } from 'node:net';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { instanceListenFromEnv, listenService } from '../src/listen';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const apps: ReturnType<typeof Fastify>[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

function instanceApp(name: string) {
  const app = Fastify();
  app.get('/who', async () => ({ name }));
  apps.push(app);
  return app;
}

const who = async (port: number): Promise<string> => {
  // A new connection each time, so the kernel picks an instance for each request.
  const response = await fetch(`http://127.0.0.1:${port}/who`, { headers: { connection: 'close' } });
  return ((await response.json()) as { name: string }).name;
};

describe('listenService (replicas on one port)', () => {
  it('two instances share the public port (SO_REUSEPORT) and each answers alone on its own instance port', async () => {
    const [shared, portA, portB] = await Promise.all([freePort(), freePort(), freePort()]);
    const a = instanceApp('a');
    const b = instanceApp('b');
    await listenService(a, { host: '127.0.0.1', port: shared, reusePort: true, instancePort: portA });
    await listenService(b, { host: '127.0.0.1', port: shared, reusePort: true, instancePort: portB });
    expect(await who(portA)).toBe('a');
    expect(await who(portB)).toBe('b');
    const seen = new Set<string>();
    for (let i = 0; i < 60 && seen.size < 2; i += 1) seen.add(await who(shared));
    expect(seen).toEqual(new Set(['a', 'b']));
    // One instance gone: the shared port is still served, by the other.
    await a.close();
    await expect(who(portA)).rejects.toThrow();
    for (let i = 0; i < 10; i += 1) expect(await who(shared)).toBe('b');
  });

  it('without REUSE_PORT a second listener on the same port fails, as before', async () => {
    const shared = await freePort();
    await listenService(instanceApp('a'), { host: '127.0.0.1', port: shared, reusePort: false, instancePort: undefined });
    await expect(listenService(instanceApp('b'), { host: '127.0.0.1', port: shared, reusePort: false, instancePort: undefined })).rejects.toThrow(/EADDRINUSE/);
  });

  it('reads its settings from the environment', () => {
    expect(instanceListenFromEnv({})).toEqual({ reusePort: false, instancePort: undefined });
    expect(instanceListenFromEnv({ REUSE_PORT: 'true', INSTANCE_PORT: '8180' })).toEqual({ reusePort: true, instancePort: 8180 });
    expect(() => instanceListenFromEnv({ INSTANCE_PORT: 'eighty' })).toThrow('INSTANCE_PORT');
  });
});
