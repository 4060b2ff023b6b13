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
  bundleIdentifier: z.string().min(1).max(200).optional(),
  /** `bundle`: include each message's Bundle as received. */
  include: z.literal('bundle').optional(),
});

function badRequest(issues: z.core.$ZodIssue[]) {
  return { title: 'Bad request', status: 400, errors: issues.map((issue) => ({ path: issue.path.join('.') || '(root)', message: issue.message })) };
}

/**
 * The test double's control panel: what was received, which faults are on. No authentication (a
 * test double bound to loopback); nothing here exists on a real NHS endpoint.
 *
 * GET    /admin/received?practiceOds=&consultationId=&bundleIdentifier=&include=bundle
 *          -> { count, duplicates, messages: [{ practiceOds, bundleIdentifier, messageHeaderId,
 *             consultationId, correlationId, firstReceivedAt, lastReceivedAt, receipts, duplicates, bundle? }] }
 *          one entry per (practice, Bundle.identifier); `receipts` counts every arrival, so
 *          `duplicates` = receipts - 1 is how often a sender repeated itself. Every receipt is kept;
 *          Bundles only for the most recent SIMULATOR_KEEP_BODIES messages (`bundle: null` after).
 * GET    /admin/received/:practiceOds/:bundleIdentifier   one message with its Bundle (404 if unknown)
 * PUT    /admin/practices/:ods/faults   body = PracticeFaults (see faults/fault-plan.ts):
 *          { latencyMs, hang, status, outage: { from, until, requests, status }, reject: { status, diagnostics }, duplicateAnswer }
 * GET    /admin/practices/:ods          faults and request counters (requests, failed, accepted, duplicates, rejected)
 * GET    /admin/faults                  every practice's faults
 * DELETE /admin/practices/:ods/faults, DELETE /admin/faults, POST /admin/reset (faults and received messages)
 */
export const adminRoutes: FastifyPluginAsync<AdminRoutesOptions> = async (app, { state }) => {
  app.get('/admin/received', async (request, reply) => {
    const query = receivedQuery.safeParse(request.query);
    if (!query.success) return reply.code(400).send(badRequest(query.error.issues));
    const { include, ...filter } = query.data;
    const messages = include === 'bundle' ? state.received.listWithBundles(filter) : state.received.list(filter);
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
