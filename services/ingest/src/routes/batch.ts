import { zodIssuesToProblemErrors, type Consultation } from '@firstsync/contracts';
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { AcceptOutcome, ConsultationAcceptor } from '../accept/accept-consultation';
import { problems, UNAVAILABLE_RETRY_AFTER_SECONDS } from '../http/problems';
import { batchEnvelopeSchema, batchRequestSchema, batchResponseSchema, problemSchema } from '../http/schemas';
import { sendProblem } from '../http/send-problem';

export interface BatchRoutesDeps {
  consultationSchema: z.ZodType<Consultation>;
  acceptor: ConsultationAcceptor;
  batchBodyLimit: number;
  itemMaxBytes: number;
}

interface ItemResult {
  index: number;
  status: number;
  replayed?: boolean;
  body: AcceptOutcome['body'];
}

/**
 * Bytes of an item as JSON, or undefined when it is nested too deeply to serialise (JSON.parse
 * accepts nesting that JSON.stringify's recursion cannot handle; that must be a 400, not a 500).
 */
function serialisedSize(item: unknown): number | undefined {
  try {
    return Buffer.byteLength(JSON.stringify(item) ?? '', 'utf8');
  } catch {
    return undefined;
  }
}

export function registerBatchRoute(api: FastifyInstance, deps: BatchRoutesDeps): void {
  api.post(
    '/v1/consultations/batch',
    {
      bodyLimit: deps.batchBodyLimit,
      schema: {
        tags: ['consultations'],
        summary: 'Submit up to 100 consultations; each is handled as a single submission would be',
        security: [{ apiKey: [] }],
        body: batchRequestSchema(deps.consultationSchema),
        response: { 207: batchResponseSchema, 400: problemSchema, 401: problemSchema, 413: problemSchema, 415: problemSchema, 429: problemSchema },
      },
    },
    async (request, reply) => {
      const client = request.apiClient;
      if (client === undefined) return sendProblem(reply, problems.unauthorized('Send an API key as Authorization: Bearer <key>.'));
      const envelope = batchEnvelopeSchema.safeParse(request.body);
      if (!envelope.success) {
        return sendProblem(reply, problems.invalidRequest('Send {"consultations": [ ... ]} with 1 to 100 consultations.', zodIssuesToProblemErrors(envelope.error.issues)));
      }
      const context = { client, correlationId: request.id };
      // Items run concurrently: the producer batches their records into shared sends, and one slow
      // or failing item never holds back the others.
      const results = await Promise.all(
        envelope.data.consultations.map(async (item, index): Promise<ItemResult> => {
          const size = serialisedSize(item);
          if (size === undefined) return { index, status: 400, body: problems.tooDeep() };
          if (size > deps.itemMaxBytes) {
            return { index, status: 413, body: problems.payloadTooLarge(deps.itemMaxBytes) };
          }
          try {
            const outcome = await deps.acceptor.accept(item, context);
            return outcome.kind === 'accepted'
              ? { index, status: outcome.status, replayed: outcome.replayed, body: outcome.body }
              : { index, status: outcome.status, body: outcome.body };
          } catch (err) {
            request.log.error({ err, index }, 'batch item failed');
            return { index, status: 500, body: problems.internal() };
          }
        }),
      );
      if (results.some((r) => r.status === 503)) reply.header('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
      return reply.code(207).send({ results });
    },
  );
}
