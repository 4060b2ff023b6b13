import type { ProblemError } from '@firstsync/contracts';
import { httpProblems, problem } from '@firstsync/http-app';
import { unauthorizedProblem } from '@firstsync/pharmacy-api-keys';

/** Tenths of a second, rounded up: a lag just past the limit never reads as equal to it. */
const seconds = (ms: number) => String(Math.ceil(ms / 100) / 10);

/**
 * Every error this API answers, as RFC 9457 problem details: the shared HTTP ones and this API's own.
 * Titles and details are fixed texts: they never quote what the client sent, only field paths.
 */
export const problems = {
  ...httpProblems,
  invalidUtf8: (byteOffset: number) =>
    problem(
      400,
      'invalid-encoding',
      'Request body is not UTF-8',
      'JSON must be sent as UTF-8 (RFC 8259); bytes in another character set are refused, not guessed at. Nothing was accepted.',
      [{ path: '', message: `is not valid UTF-8 (at byte ${byteOffset})`, code: 'invalid_utf8' }],
    ),
  ambiguousJson: (errors: ProblemError[]) =>
    problem(
      400,
      'invalid-json',
      'Ambiguous request body',
      'An object in the body has the same member twice (parsers disagree on which one counts), or a "__proto__" or "constructor.prototype" member (refused anywhere in a body). Nothing was accepted.',
      errors,
    ),
  missingBody: () =>
    problem(400, 'invalid-request', 'Missing request body', 'Send the consultation as a JSON object.', [
      { path: '', message: 'is required', code: 'invalid_type' },
    ]),
  invalidConsultation: (errors: ProblemError[]) =>
    problem(400, 'invalid-consultation', 'The consultation does not meet the contract', 'See errors for each field to correct.', errors),
  tooDeep: () =>
    problem(400, 'invalid-request', 'Invalid request', 'The item is nested too deeply to be a consultation.', [
      { path: '', message: 'is nested too deeply', code: 'too_deep' },
    ]),
  invalidRequest: (detail: string, errors: ProblemError[]) => problem(400, 'invalid-request', 'Invalid request', detail, errors),
  unauthorized: unauthorizedProblem,
  forbiddenPharmacy: () =>
    problem(403, 'forbidden', 'Not allowed for this pharmacy', 'The API key may only submit consultations of its own pharmacy.', [
      { path: 'pharmacy.odsCode', message: 'must be the ODS code of the pharmacy the API key belongs to', code: 'forbidden' },
    ]),
  forbiddenConsultation: () =>
    problem(403, 'forbidden', 'Not allowed for this pharmacy', 'This consultation was submitted by another pharmacy.', [
      { path: 'consultationId', message: 'belongs to another pharmacy', code: 'forbidden' },
    ]),
  /** With `retentionDays` (a status store that keeps every consultation that long) the answer says so plainly. */
  consultationNotFound: (retentionDays?: number) =>
    problem(
      404,
      'not-found',
      'Consultation not found',
      retentionDays === undefined
        ? 'No consultation with this id is known to this service.'
        : `No consultation with this id is known to this service: it was never accepted here, or its last activity was more than ${retentionDays} days ago (a consultation's status is kept for ${retentionDays} days, the retention of its pipeline events).`,
    ),
  versionConflict: (acceptedVersion: number) =>
    problem(
      409,
      'version-conflict',
      'Version already accepted with different content',
      `Version ${acceptedVersion} of this consultation was accepted with different content. Send version ${acceptedVersion + 1} to amend it.`,
      [{ path: 'version', message: `must be greater than ${acceptedVersion} to amend the consultation`, code: 'version_conflict' }],
    ),
  staleVersion: (acceptedVersion: number) =>
    problem(
      409,
      'stale-version',
      'A later version was already accepted',
      `Version ${acceptedVersion} of this consultation has already been accepted; an earlier version cannot replace it.`,
      [{ path: 'version', message: `must be at least ${acceptedVersion}`, code: 'stale_version' }],
    ),
  rateLimited: (retryAfterSeconds: number) =>
    problem(429, 'rate-limited', 'Too many requests', `The request rate for this API key is exceeded; retry after ${retryAfterSeconds} s.`),
  kafkaUnavailable: () =>
    problem(
      503,
      'temporarily-unavailable',
      'Temporarily unable to accept consultations',
      'The consultation was not accepted and nothing was recorded. Retry the same request later.',
    ),
  statusUnavailable: () =>
    problem(503, 'temporarily-unavailable', 'Status temporarily unavailable', 'The status store cannot be read right now. Retry the same request later.'),
  starting: () => problem(503, 'temporarily-unavailable', 'Service starting', 'The service is still loading what it has accepted before. Retry shortly.'),
  statusBehind: (lagMs: number, maxLagMs: number) =>
    problem(
      503,
      'temporarily-unavailable',
      'Status not current',
      `This service's view of the delivery pipeline is ${seconds(lagMs)} s behind (it answers up to ${seconds(maxLagMs)} s behind), so the state it holds may be out of date. Retry shortly.`,
    ),
  overloaded: () =>
    problem(
      503,
      'temporarily-unavailable',
      'Too busy to take the request now',
      'The instance has as many requests in hand as it holds at once; nothing was accepted or recorded. Retry the same request later.',
    ),
};

/** Seconds a client should wait after a 503 before retrying. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;
