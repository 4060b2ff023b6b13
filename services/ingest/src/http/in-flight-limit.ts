import { sendProblem } from '@firstsync/http-app';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { problems, UNAVAILABLE_RETRY_AFTER_SECONDS } from './problems';

/**
 * onRequest hook, first of the API's: at most `max` API requests handled at once by this instance.
 * Past that the request is answered 503 with Retry-After at once and its connection closed, before
 * anything else is done for it. Each waiting request holds its connection, parser and state (about
 * 20 KB): under an offered load far above what the instance takes (the benchmark's 1,000/s phase
 * left 4,000 waiting up to the Kafka send timeout, and many got a 503 anyway) memory followed the
 * queue instead of staying within the service's budget. The bound is far above what keeps the
 * instance busy (at the ~25 ms a request takes at saturation, the default 128 would be about 5,000 a
 * second), so it only cuts the queue, never throughput.
 */
export function inFlightLimit(max: number) {
  let inFlight = 0;
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    if (inFlight >= max) {
      request.log.warn({ inFlight }, 'too many requests in flight: answered 503');
      void reply.header('connection', 'close');
      sendProblem(reply, problems.overloaded(), { 'retry-after': String(UNAVAILABLE_RETRY_AFTER_SECONDS) });
      return;
    }
    inFlight += 1;
    // 'close' comes once whether the response was sent or the client went away first.
    reply.raw.once('close', () => {
      inFlight -= 1;
    });
    done();
  };
}
