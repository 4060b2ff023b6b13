import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { receiverBehaviourSchema } from './behaviour';
import { renderPharmacySystemsPage } from './pharmacy-page';
import type { PharmacySystems } from './pharmacy-systems';

export interface PharmacySystemRoutesOptions {
  systems: PharmacySystems;
  /** Responses the `hang` behaviour never answers; the app destroys them on close. */
  hanging: Set<ServerResponse>;
}

const odsParams = z.strictObject({ ods: z.string().regex(/^[A-Za-z0-9]{3,10}$/) });
const secretBody = z.strictObject({
  /** Standard Webhooks secret: `whsec_` + base64 of the key bytes. */
  secret: z
    .string()
    .max(200)
    .regex(/^whsec_[A-Za-z0-9+/]{16,}={0,2}$/, 'whsec_ followed by base64'),
  /** true: the only secret from now on; otherwise added to the newest few (rotation overlap). */
  replace: z.boolean().optional(),
});

function badRequest(issues: z.core.$ZodIssue[]) {
  return { title: 'Bad request', status: 400, errors: issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message })) };
}

/**
 * Simulated pharmacy systems (the other end of firstsync's webhooks), under /pharmacy-system.
 * No authentication: a test double on loopback, like the rest of the simulator.
 */
export const pharmacySystemRoutes: FastifyPluginAsync<PharmacySystemRoutesOptions> = async (app, { systems, hanging }) => {
  // The receiver, in its own context: the signature covers the exact bytes sent, so the body is
  // kept as the raw string (whatever the content type) and parsed only after verification.
  await app.register(async (receiver) => {
    receiver.removeAllContentTypeParsers();
    receiver.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    receiver.post('/pharmacy-system/:ods/webhooks', async (request, reply) => {
      const params = odsParams.safeParse(request.params);
      if (!params.success) return reply.code(400).send(badRequest(params.error.issues));
      const raw = typeof request.body === 'string' ? request.body : '';
      const outcome = systems.receive(params.data.ods, raw, request.headers);
      if (outcome.kind === 'hang') {
        reply.hijack();
        hanging.add(reply.raw);
        reply.raw.on('close', () => hanging.delete(reply.raw));
        return reply;
      }
      if (outcome.body) return reply.code(outcome.status).type('application/problem+json').send(outcome.body);
      return reply.code(outcome.status).send();
    });
  });

  app.put('/pharmacy-system/:ods/secret', async (request, reply) => {
    const params = odsParams.safeParse(request.params);
    const body = secretBody.safeParse(request.body);
    if (!params.success) return reply.code(400).send(badRequest(params.error.issues));
    if (!body.success) return reply.code(400).send(badRequest(body.error.issues));
    return { pharmacyOds: params.data.ods.toUpperCase(), secrets: systems.setSecret(params.data.ods, body.data.secret, body.data.replace ?? false) };
  });

  app.put('/pharmacy-system/:ods/behaviour', async (request, reply) => {
    const params = odsParams.safeParse(request.params);
    const body = receiverBehaviourSchema.safeParse(request.body);
    if (!params.success) return reply.code(400).send(badRequest(params.error.issues));
    if (!body.success) return reply.code(400).send(badRequest(body.error.issues));
    systems.setBehaviour(params.data.ods, body.data);
    return { pharmacyOds: params.data.ods.toUpperCase(), behaviour: body.data };
  });

  app.get('/pharmacy-system/:ods/events', async (request, reply) => {
    const params = odsParams.safeParse(request.params);
    if (!params.success) return reply.code(400).send(badRequest(params.error.issues));
    return systems.inspect(params.data.ods);
  });

  app.get('/pharmacy-system/totals', async () => ({ pharmacies: systems.pharmacies(), counts: systems.totals() }));

  app.post('/pharmacy-system/reset', async (_request, reply) => {
    systems.reset();
    return reply.code(204).send();
  });

  app.get('/pharmacy-system', async (_request, reply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(renderPharmacySystemsPage(systems)),
  );
};
