import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { practiceBehaviourSchema } from './gp-system/behaviour';
import { type NhsSideState, resetNhsSideState } from './nhs-side-state';
import { pdsPatientSchema } from './pds/pds-store';

const odsParam = z.string().regex(/^[A-Za-z0-9]{3,10}$/);
const mailboxBody = z.strictObject({
  password: z.string().min(1).max(200),
  name: z.string().min(1).max(200).optional(),
  odsCode: z
    .string()
    .regex(/^[A-Z0-9]{1,10}$/)
    .nullable()
    .optional(),
  workflows: z.union([z.literal('*'), z.array(z.string().min(1).max(100)).max(50)]).optional(),
});
const messagesQuery = z.strictObject({
  mailbox: z.string().min(1).max(40).optional(),
  workflowId: z.string().min(1).max(100).optional(),
  localId: z.string().min(1).max(300).optional(),
  type: z.enum(['DATA', 'REPORT']).optional(),
});

const receivedQuery = z.strictObject({ practiceOds: odsParam.optional() });

function badRequest(issues: z.core.$ZodIssue[]) {
  return { title: 'Bad request', status: 400, errors: issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message })) };
}

/**
 * Control and inspection of the simulated NHS side, under /admin/nhs. Answers carry ids, codes and
 * counts only: patients are registered here (NHS number in the body, never in a logged URL) but
 * never listed back.
 */
export const nhsAdminRoutes: FastifyPluginAsync<{ state: NhsSideState }> = async (app, { state }) => {
  app.get('/admin/nhs', async () => ({
    pds: { mode: state.pds.mode, patients: state.pds.size, byPractice: state.pds.countsByPractice() },
    practices: state.gp.all().map((p) => p.ods),
    mailboxes: state.mesh.allMailboxes().length,
    pendingTimers: state.scheduler.pending,
    received: state.gp.receivedCounts(),
  }));

  // What the GP systems collected over MESH, with times (the MESH counterpart of /admin/received).
  app.get('/admin/nhs/received', async (request, reply) => {
    const query = receivedQuery.safeParse(request.query);
    if (!query.success) return reply.code(400).send(badRequest(query.error.issues));
    const messages = state.gp.received(query.data.practiceOds);
    return { count: messages.length, messages };
  });

  app.post('/admin/nhs/reset', async (_request, reply) => {
    resetNhsSideState(state);
    return reply.code(204).send();
  });

  // Practices and their GP system behaviour.
  app.get('/admin/nhs/practices', async () => ({ practices: state.gp.all().map((p) => p.inspect()) }));

  app.put<{ Params: { ods: string } }>('/admin/nhs/practices/:ods', async (request, reply) => {
    if (!odsParam.safeParse(request.params.ods).success)
      return reply.code(400).send({ title: 'Bad request', status: 400, errors: [{ path: 'ods', message: 'not an ODS code' }] });
    const behaviour = practiceBehaviourSchema.safeParse(request.body ?? {});
    if (!behaviour.success) return reply.code(400).send(badRequest(behaviour.error.issues));
    const practice = state.gp.configure(request.params.ods, behaviour.data);
    return { practiceOds: practice.ods, mailboxId: practice.mailboxId, behaviour: practice.behaviour };
  });

  app.get<{ Params: { ods: string } }>('/admin/nhs/practices/:ods', async (request, reply) => {
    const practice = state.gp.get(request.params.ods);
    return practice ? practice.inspect() : reply.code(404).send({ title: 'Not found', status: 404 });
  });

  app.post<{ Params: { ods: string; taskId: string } }>('/admin/nhs/practices/:ods/tasks/:taskId/file', async (request, reply) => {
    const result = state.gp.file(request.params.ods, request.params.taskId);
    return result === 'not-found' ? reply.code(404).send({ title: 'Not found', status: 404 }) : { result };
  });

  // The fake PDS.
  app.get('/admin/nhs/pds', async () => ({ mode: state.pds.mode, patients: state.pds.size, byPractice: state.pds.countsByPractice() }));

  app.put('/admin/nhs/pds/mode', async (request, reply) => {
    const body = z.strictObject({ mode: z.enum(['strict', 'learn-from-payload']) }).safeParse(request.body);
    if (!body.success) return reply.code(400).send(badRequest(body.error.issues));
    state.pds.mode = body.data.mode;
    return { mode: state.pds.mode };
  });

  app.post('/admin/nhs/pds/patients', async (request, reply) => {
    const patient = pdsPatientSchema.safeParse(request.body);
    if (!patient.success) return reply.code(400).send(badRequest(patient.error.issues));
    state.gp.ensure(patient.data.practiceOds);
    state.pds.register(patient.data);
    return reply.code(201).send({ practiceOds: patient.data.practiceOds });
  });

  app.delete('/admin/nhs/pds/patients', async (_request, reply) => {
    state.pds.clear();
    return reply.code(204).send();
  });

  // MESH mailboxes and messages.
  app.get('/admin/nhs/mesh/mailboxes', async () => ({
    mailboxes: state.mesh.allMailboxes().map(({ password: _password, ...mailbox }) => ({ ...mailbox, inbox: state.mesh.inbox(mailbox.mailboxId).length })),
  }));

  app.put<{ Params: { mailbox: string } }>('/admin/nhs/mesh/mailboxes/:mailbox', async (request, reply) => {
    const body = mailboxBody.safeParse(request.body);
    if (!body.success) return reply.code(400).send(badRequest(body.error.issues));
    const mailboxId = request.params.mailbox.toUpperCase();
    state.mesh.putMailbox({
      mailboxId,
      password: body.data.password,
      name: body.data.name ?? mailboxId,
      odsCode: body.data.odsCode ?? null,
      workflows: body.data.workflows ?? '*',
    });
    return { mailboxId };
  });

  app.get('/admin/nhs/mesh/messages', async (request, reply) => {
    const query = messagesQuery.safeParse(request.query);
    if (!query.success) return reply.code(400).send(badRequest(query.error.issues));
    const messages = state.mesh.summaries(query.data);
    return { count: messages.length, messages };
  });
};
