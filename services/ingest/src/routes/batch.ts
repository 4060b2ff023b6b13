import { type Consultation, zodIssuesToProblemErrors } from '@firstsync/contracts';
import { sendProblem } from '@firstsync/http-app';
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { AcceptOutcome, ConsultationAcceptor } from '../accept/accept-consultation';
import { problems, UNAVAILABLE_RETRY_AFTER_SECONDS } from '../http/problems';
import { batchEnvelopeSchema, batchRequestSchema, batchResponseSchema, problemSchema } from '../http/schemas';
import type { RateLimiter } from '../rate-limit/token-bucket';

export interface BatchRoutesDeps {
  consultationSchema: z.ZodType<Consultation>;
  acceptor: ConsultationAcceptor;
  batchBodyLimit: number;
  itemMaxBytes: number;
  limiter: RateLimiter;
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
        description:
          "Each item costs one request of the API key's rate limit. Items beyond what the limit allows now are answered 429 in their own result (and Retry-After is set); the others are handled. A body that is not strict JSON (not UTF-8, a member twice in one object) is refused as a whole.",
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
        return sendProblem(
          reply,
          problems.invalidRequest('Send {"consultations": [ ... ]} with 1 to 100 consultations.', zodIssuesToProblemErrors(envelope.error.issues)),
        );
      }
      const context = { client, correlationId: request.id };
      // Every item costs a token, as a single submission would: the request's own token (taken by
      // the rateLimit hook) pays for the first. Items beyond what the bucket holds are answered 429
      // on their own, like an item whose send failed gets its 503, and are not looked at.
      const items = envelope.data.consultations;
      const tokens = deps.limiter.takeUpTo(client.name, items.length - 1);
      const paidFor = 1 + tokens.granted;
      if (paidFor < items.length) request.log.warn({ client: client.name, refused: items.length - paidFor }, 'rate limit exceeded by batch items');
      // Items run concurrently: the producer batches their records into shared sends, and one slow
      // or failing item never holds back the others.
      const results = await Promise.all(
        items.map(async (item, index): Promise<ItemResult> => {
          if (index >= paidFor) return { index, status: 429, body: problems.rateLimited(tokens.retryAfterSeconds) };
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
      const retryAfter = Math.max(
        results.some((r) => r.status === 503) ? UNAVAILABLE_RETRY_AFTER_SECONDS : 0,
        paidFor < items.length ? tokens.retryAfterSeconds : 0,
      );
      if (retryAfter > 0) reply.header('retry-after', String(retryAfter));
      return reply.code(207).send({ results });
    },
  );
}
