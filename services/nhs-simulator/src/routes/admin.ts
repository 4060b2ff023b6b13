import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { practiceFaultsSchema } from '../faults/fault-plan';
import { resetSimulatorState, type SimulatorState } from '../state/simulator-state';

export interface AdminRoutesOptions {
  state: SimulatorState;
}

const receivedQuery = z.strictObject({
  practiceOds: z.string().min(1).max(20).optional(),
  consultationId: z.string().min(1).max(64).optional(),
});

function badRequest(issues: z.core.$ZodIssue[]) {
  return { title: 'Bad request', status: 400, errors: issues.map((issue) => ({ path: issue.path.join('.') || '(root)', message: issue.message })) };
}

/**
 * The test double's control panel: what was received, which faults are on. No authentication (a
 * test double bound to loopback); nothing here exists on a real NHS endpoint.
 */
export const adminRoutes: FastifyPluginAsync<AdminRoutesOptions> = async (app, { state }) => {
  app.get('/admin/received', async (request, reply) => {
    const query = receivedQuery.safeParse(request.query);
    if (!query.success) return reply.code(400).send(badRequest(query.error.issues));
    const messages = state.received.list(query.data);
    return {
      count: messages.length,
      duplicates: messages.reduce((sum, m) => sum + m.duplicates, 0),
      messages,
    };
  });

  app.get<{ Params: { practiceOds: string; bundleIdentifier: string } }>('/admin/received/:practiceOds/:bundleIdentifier', async (request, reply) => {
    const message = state.received.find(request.params.practiceOds, request.params.bundleIdentifier);
    if (!message) return reply.code(404).send({ title: 'Not found', status: 404 });
    return { ...message, duplicates: message.receipts - 1 };
  });

  app.get('/admin/faults', async () => ({ practices: state.faults.all() }));

  app.get<{ Params: { ods: string } }>('/admin/practices/:ods', async (request) => ({
    practiceOds: request.params.ods,
    faults: state.faults.get(request.params.ods) ?? {},
    counters: state.faults.countersOf(request.params.ods),
  }));

  app.put<{ Params: { ods: string } }>('/admin/practices/:ods/faults', async (request, reply) => {
    const faults = practiceFaultsSchema.safeParse(request.body ?? {});
    if (!faults.success) return reply.code(400).send(badRequest(faults.error.issues));
    state.faults.set(request.params.ods, faults.data);
    return { practiceOds: request.params.ods, faults: faults.data };
  });

  app.delete<{ Params: { ods: string } }>('/admin/practices/:ods/faults', async (request, reply) => {
    state.faults.clear(request.params.ods);
    return reply.code(204).send();
  });

  app.delete('/admin/faults', async (_request, reply) => {
    state.faults.clear();
    return reply.code(204).send();
  });

  app.post('/admin/reset', async (_request, reply) => {
    resetSimulatorState(state);
    return reply.code(204).send();
  });
};
