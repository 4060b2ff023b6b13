import type { FastifyInstance } from 'fastify';

export type ReadinessCheck = () => boolean | Promise<boolean>;

/**
 * `/health/live`: the process is up (restart it if not). `/health/ready`: it can do its work now
 * (its dependencies answer); load balancers and the start command poll it.
 */
export function registerHealthRoutes(app: FastifyInstance, checks: Record<string, ReadinessCheck>): void {
  app.get('/health/live', { logLevel: 'warn' }, async () => ({ status: 'live' }));
  app.get('/health/ready', { logLevel: 'warn' }, async (_request, reply) => {
    const results = await Promise.all(Object.entries(checks).map(async ([name, check]) => [name, await Promise.resolve(check()).catch(() => false)] as const));
    const ready = results.every(([, ok]) => ok);
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not-ready', checks: Object.fromEntries(results) });
  });
}
