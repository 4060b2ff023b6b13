import { problemSchema } from '@firstsync/contracts';
import { sendProblem } from '@firstsync/http-app';
import { decodeFeedCursor, encodeFeedCursor } from '@firstsync/pharmacy-events';
import type { FastifyInstance } from 'fastify';
import { waitForAppend } from '../feed/wait-for-append';
import { problems } from '../http/problems';
import { eventPageSchema, eventsQuerySchema } from '../http/schemas';
import type { PharmacyApiDeps } from './deps';
import { clientOrReply } from './endpoint-target';
import { parseOrReply } from './validate';

/** Before the first event: `after` this offset means from the start of the partition. */
const BEFORE_FIRST = -1n;

export function registerEventRoutes(api: FastifyInstance, deps: PharmacyApiDeps): void {
  api.get(
    '/v1/events',
    {
      schema: {
        tags: ['events'],
        summary: "Your pharmacy's events in order, from a resumable cursor (the change feed; long poll with waitSeconds)",
        description: [
          'The same events the webhooks carry, for systems that cannot receive webhooks or that catch up after downtime.',
          "Start without `after`, then pass each answer's `nextCursor` back as `after`: nothing is skipped or repeated.",
          'With `waitSeconds`, an answer with no events waits up to that long for the next one.',
          'A cursor older than the events kept is answered 410: read again without `after`.',
        ].join(' '),
        security: [{ apiKey: [] }],
        querystring: eventsQuerySchema,
        response: { 200: eventPageSchema, 400: problemSchema, 401: problemSchema, 410: problemSchema, 503: problemSchema },
      },
    },
    async (request, reply) => {
      const client = clientOrReply(request, reply);
      if (client === undefined) return reply;
      const query = parseOrReply(eventsQuerySchema, request.query, reply, 'query');
      if (query === undefined) return reply;
      const ods = client.pharmacyOds;

      // Without a cursor: from the oldest event kept (always allowed: the client asks for what there is).
      let after = BEFORE_FIRST;
      if (query.after !== undefined) {
        const cursor = decodeFeedCursor(query.after);
        if (cursor === undefined) return sendProblem(reply, problems.invalidCursor());
        const partition = deps.feed.partitionOf(ods);
        // A cursor of another partition cannot be ours (the topic was repartitioned, or it was made up).
        if (partition !== undefined && cursor.partition !== partition) return sendProblem(reply, problems.cursorExpired());
        const offset = BigInt(cursor.offset);
        if (!deps.feed.complete(ods, cursor.partition, offset)) return sendProblem(reply, problems.cursorExpired());
        after = offset;
      }

      let entries = deps.feed.after(ods, after, query.limit);
      if (entries.length === 0 && query.waitSeconds > 0) {
        const gone = new AbortController();
        const onClose = () => gone.abort();
        // The response's close before it was sent: the client went away.
        reply.raw.once('close', onClose);
        const closing = AbortSignal.any([gone.signal, deps.closing]);
        await waitForAppend(deps.feed, ods, query.waitSeconds * 1000, closing);
        reply.raw.off('close', onClose);
        entries = deps.feed.after(ods, after, query.limit);
      }

      const last = entries.at(-1);
      // Nothing new: the same cursor again (null while the pharmacy has no events at all).
      const nextCursor = last === undefined ? (query.after ?? null) : encodeFeedCursor({ partition: last.partition, offset: last.offset.toString() });
      return reply.send({ events: entries.map((entry) => entry.event), nextCursor });
    },
  );
}
