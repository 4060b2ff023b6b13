import type { Consultation } from '@firstsync/contracts';
import { sendProblem } from '@firstsync/http-app';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AcceptOutcome, ConsultationAcceptor } from '../accept/accept-consultation';
import { problems, UNAVAILABLE_RETRY_AFTER_SECONDS } from '../http/problems';
import { acceptedBodySchema, consultationIdParamsSchema, consultationStatusSchema, problemSchema } from '../http/schemas';
import { consultationStatus, type StatusAnswer, type StatusQueryDeps } from '../status/status-query';

export interface ConsultationRoutesDeps extends StatusQueryDeps {
  consultationSchema: z.ZodType<Consultation>;
  acceptor: ConsultationAcceptor;
}

const uuid = z.uuid();
const RETRY_LATER = { 'retry-after': String(UNAVAILABLE_RETRY_AFTER_SECONDS) };

export function sendAcceptOutcome(reply: FastifyReply, outcome: AcceptOutcome): FastifyReply {
  if (outcome.kind === 'problem') {
    return sendProblem(reply, outcome.body, outcome.retryAfterSeconds === undefined ? {} : { 'retry-after': String(outcome.retryAfterSeconds) });
  }
  if (outcome.replayed) reply.header('idempotent-replayed', 'true');
  return reply.code(202).send(outcome.body);
}

export function registerConsultationRoutes(api: FastifyInstance, deps: ConsultationRoutesDeps): void {
  api.post(
    '/v1/consultations',
    {
      schema: {
        tags: ['consultations'],
        summary: 'Submit a consultation (or an amendment: the same consultationId with a higher version)',
        security: [{ apiKey: [] }],
        body: deps.consultationSchema,
        response: {
          202: acceptedBodySchema,
          400: problemSchema,
          401: problemSchema,
          403: problemSchema,
          409: problemSchema,
          413: problemSchema,
          415: problemSchema,
          429: problemSchema,
          503: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const client = request.apiClient;
      if (client === undefined) return sendProblem(reply, problems.unauthorized('Send an API key as Authorization: Bearer <key>.'));
      const outcome = await deps.acceptor.accept(request.body, { client, correlationId: request.id });
      if (outcome.kind === 'accepted') {
        request.consultationIdForLog = outcome.body.consultationId;
        // A first acceptance has its own info line ('consultation accepted'); a replay has not.
        request.outcomeLogged = !outcome.replayed;
      }
      return sendAcceptOutcome(reply, outcome);
    },
  );

  api.get(
    '/v1/consultations/:id',
    {
      schema: {
        tags: ['consultations'],
        summary: 'Current delivery state and timeline of one of your consultations',
        security: [{ apiKey: [] }],
        params: consultationIdParamsSchema,
        response: { 200: consultationStatusSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema, 429: problemSchema, 503: problemSchema },
      },
    },
    async (request, reply) => {
      const client = request.apiClient;
      if (client === undefined) return sendProblem(reply, problems.unauthorized('Send an API key as Authorization: Bearer <key>.'));
      const { id } = request.params as { id: string };
      // Ids are stored lower-cased (the contract lower-cases them on input), so look them up the same way.
      const parsed = uuid.safeParse(id);
      if (!parsed.success) return sendProblem(reply, problems.consultationNotFound());
      const consultationId = parsed.data.toLowerCase();
      request.consultationIdForLog = consultationId;
      let answer: StatusAnswer;
      try {
        answer = await consultationStatus(consultationId, client, deps);
      } catch (err) {
        request.log.warn({ err, consultationId }, 'status store not readable');
        return sendProblem(reply, problems.statusUnavailable(), RETRY_LATER);
      }
      if (answer.kind === 'not-found') return sendProblem(reply, problems.consultationNotFound(answer.retentionDays));
      if (answer.kind === 'forbidden') return sendProblem(reply, problems.forbiddenConsultation());
      if (answer.kind === 'starting') return sendProblem(reply, problems.starting(), RETRY_LATER);
      if (answer.kind === 'behind') return sendProblem(reply, problems.statusBehind(answer.lagMs, deps.maxLagMs), RETRY_LATER);
      return reply.code(200).send(answer.view);
    },
  );
}
