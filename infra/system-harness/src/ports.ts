import { createServer } from 'node:net';

const FETCH_BAD_PORTS = new Set([6000, 6566, 6665, 6666, 6667, 6668, 6669, 6697, 10080]);

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port }, () => server.close(() => resolve(true)));
  });
}

/**
 * An offset for the service table's ports (8080-8090 + offset) at which every one of them is free,
 * so several suites (and a running `npm start`) never collide. Random rather than sequential
 * because parallel test workers start at the same moment.
 */
export async function freePortOffset(basePorts: readonly number[]): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    // Below the kernel's ephemeral range (32768+ on Linux), where outgoing connections (Kafka
    // clients) take local ports and can make a later listen fail with EADDRINUSE.
    const offset = 2_000 + Math.floor(Math.random() * 22) * 1_000 + Math.floor(Math.random() * 9) * 100;
    // fetch() refuses the WHATWG "bad ports" (10080 is the one in this range): a service there
    // would listen fine but never answer a readiness probe.
    if (basePorts.some((port) => FETCH_BAD_PORTS.has(port + offset))) continue;
    const checks = await Promise.all(basePorts.map((port) => portFree(port + offset)));
    if (checks.every(Boolean)) return offset;
  }
  throw new Error('no free set of service ports found');
}

/** One free port (e.g. for a broker of the suite's own). */
export async function freePort(from = 20_000, to = 32_000): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = from + Math.floor(Math.random() * (to - from));
    // A local KRaft broker also takes port + 1 for its controller.
    if (FETCH_BAD_PORTS.has(port) || FETCH_BAD_PORTS.has(port + 1)) continue;
    if ((await portFree(port)) && (await portFree(port + 1))) return port;
  }
  throw new Error('no free port found');
}
