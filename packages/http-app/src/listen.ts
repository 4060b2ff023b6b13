import { createServer, type Server } from 'node:http';
import type { FastifyInstance, FastifyListenOptions } from 'fastify';

/**
 * How one instance of a replicated service listens (set by the service runner, see
 * packages/service-runner):
 * - REUSE_PORT=true: the public port is shared with the service's other instances through the
 *   kernel's SO_REUSEPORT (Linux spreads connections across them, as a load balancer would).
 * - INSTANCE_PORT: a port this instance alone answers on, with the same routes (health, metrics),
 *   so a readiness probe or a scrape reaches this instance and not whichever the kernel picks.
 */
export interface InstanceListen {
  readonly reusePort: boolean;
  readonly instancePort: number | undefined;
}

export function instanceListenFromEnv(env: NodeJS.ProcessEnv): InstanceListen {
  const instancePort = env.INSTANCE_PORT === undefined || env.INSTANCE_PORT === '' ? undefined : Number(env.INSTANCE_PORT);
  if (instancePort !== undefined && (!Number.isInteger(instancePort) || instancePort < 1 || instancePort > 65_535)) {
    throw new Error('INSTANCE_PORT must be a port number');
  }
  return { reusePort: env.REUSE_PORT === 'true', instancePort };
}

/**
 * `app.listen` on the public port (shared when `reusePort`), plus the instance's own port when
 * set: a plain HTTP server handing every request to the same Fastify routing, closed with the app.
 */
export async function listenService(
  app: FastifyInstance,
  { host, port, reusePort, instancePort }: { host: string; port: number } & InstanceListen,
): Promise<void> {
  // Node >= 23.1 takes reusePort in server.listen(); Fastify passes its listen options through.
  const options: FastifyListenOptions & { reusePort?: boolean } = { host, port, ...(reusePort ? { reusePort: true } : {}) };
  await app.listen(options);
  if (instancePort === undefined || instancePort === port) return;
  const own: Server = createServer((request, response) => app.routing(request, response));
  app.server.once('close', () => own.close());
  await new Promise<void>((resolve, reject) => {
    own.once('error', reject);
    own.listen({ host, port: instancePort }, () => {
      own.off('error', reject);
      resolve();
    });
  });
}
