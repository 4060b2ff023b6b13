import type { ProblemError } from '@firstsync/contracts';
import { httpProblems, problem } from '@firstsync/http-app';
import { unauthorizedProblem } from '@firstsync/pharmacy-api-keys';

/** Seconds a client should wait after a 503 before retrying. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/**
 * Every error the pharmacy API answers (RFC 9457). Titles and details are fixed texts: they never
 * quote what the client sent, only field paths and our own rule texts.
 */
export const problems = {
  ...httpProblems,
  unauthorized: unauthorizedProblem,
  invalidRequest: (detail: string, errors: ProblemError[]) => problem(400, 'invalid-request', 'Invalid request', detail, errors),
  refusedUrl: (reason: string) =>
    problem(400, 'invalid-webhook-url', 'Webhook URL refused', 'Webhooks are sent only to public https addresses.', [
      { path: 'url', message: reason, code: 'refused_target' },
    ]),
  invalidCursor: () =>
    problem(
      400,
      'invalid-cursor',
      'Invalid cursor',
      'Pass back a nextCursor exactly as this API returned it, or omit `after` to start from the oldest event kept.',
      [{ path: 'after', message: 'is not a cursor of this feed', code: 'invalid_cursor' }],
    ),
  endpointNotFound: () => problem(404, 'not-found', 'Webhook endpoint not found', 'Your pharmacy has no webhook endpoint with this id.'),
  tooManyEndpoints: (max: number) =>
    problem(409, 'too-many-endpoints', 'Too many webhook endpoints', `A pharmacy may register at most ${max} webhook endpoints; delete one first.`),
  cursorExpired: () =>
    problem(
      410,
      'cursor-expired',
      'Cursor too old',
      'Events after this cursor are no longer kept. Read the feed again without `after` and reconcile with GET /v1/consultations/{id} where needed.',
    ),
  starting: () => problem(503, 'temporarily-unavailable', 'Service starting', 'The service is still reading its state from Kafka. Retry shortly.'),
  unavailable: () =>
    problem(503, 'temporarily-unavailable', 'Temporarily unable to save the change', 'The change may not have been saved. Read the endpoint back, then retry.'),
};
