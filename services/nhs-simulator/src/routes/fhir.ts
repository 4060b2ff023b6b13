import type { ServerResponse } from 'node:http';
import type { Clock } from '@firstsync/contracts';
import { TRACE_HEADER } from '@firstsync/logging';
import type { FastifyError, FastifyPluginAsync, FastifyReply } from 'fastify';
import { messageFacts } from '../fhir/message-facts';
import { acceptedOutcome, duplicateOutcome, FHIR_JSON, operationOutcome } from '../fhir/operation-outcome';
import { type MessageValidator, validationOutcome } from '../fhir/validate-message';
import type { SimulatorState } from '../state/simulator-state';

export interface FhirRoutesOptions {
  state: SimulatorState;
  clock: Clock;
  validate: MessageValidator;
  /** Responses a `hang` fault never answers; the app destroys them on close. */
  hanging: Set<ServerResponse>;
}

/** Practice used when the message names none and the URL has no practice segment. */
export const UNKNOWN_PRACTICE = 'UNKNOWN';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function transientStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/**
 * A FHIR endpoint accepting ITK3 message Bundles at `[base]/$process-message`, where base is
 * `/fhir/{practiceOds}` (the practice in the URL) or `/fhir` (the practice read from the message:
 * the patient's generalPractitioner ODS code). It deduplicates by Bundle.identifier like a GP
 * system, validates, and obeys the faults injected through the admin API.
 */
export const fhirRoutes: FastifyPluginAsync<FhirRoutesOptions> = async (app, { state, clock, validate, hanging }) => {
  // Errors in this scope (unparseable JSON, wrong media type) answer as FHIR does: an OperationOutcome.
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    const diagnostics =
      status === 500 ? 'Internal error' : error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'Unsupported media type' : 'Body is not valid JSON';
    return reply
      .code(status)
      .type(FHIR_JSON)
      .send(operationOutcome({ severity: 'error', code: status === 500 ? 'exception' : 'structure', diagnostics }));
  });

  async function processMessage(practiceFromUrl: string | undefined, body: unknown, headers: Record<string, unknown>, reply: FastifyReply) {
    const facts = messageFacts(body);
    const practiceOds = practiceFromUrl ?? facts.practiceOds ?? UNKNOWN_PRACTICE;
    const header = (name: string) => (typeof headers[name] === 'string' ? (headers[name] as string) : null);
    // One id-only line per message at debug, in place of Fastify's two per request at info (method,
    // URL, remote port): they were a third of this handler's CPU in an in-process profile (redaction
    // dominates), and /admin/received already shows what arrived. LOG_LEVEL=debug shows the lines.
    const logOutcome = (status: number, outcome: string) =>
      app.log.debug(
        {
          practiceOds,
          bundleIdentifier: facts.bundleIdentifier,
          consultationId: header(TRACE_HEADER.consultationId),
          correlationId: header(TRACE_HEADER.correlationId),
          status,
          outcome,
        },
        'simulated FHIR endpoint: message answered',
      );
    state.faults.count(practiceOds, 'requests');
    const decision = state.faults.decide(practiceOds, clock.now());
    if (decision.delayMs > 0) await sleep(decision.delayMs);

    const { action } = decision;
    if (action.kind === 'hang') {
      logOutcome(0, 'hang (fault)');
      reply.hijack();
      hanging.add(reply.raw);
      reply.raw.on('close', () => hanging.delete(reply.raw));
      return reply;
    }
    if (action.kind === 'fail') {
      state.faults.count(practiceOds, 'failed');
      logOutcome(action.status, 'failed (fault)');
      const code = transientStatus(action.status) ? 'transient' : 'processing';
      return reply
        .code(action.status)
        .type(FHIR_JSON)
        .send(operationOutcome({ severity: 'error', code, diagnostics: action.diagnostics }));
    }
    if (action.kind === 'reject') {
      state.faults.count(practiceOds, 'rejected');
      logOutcome(action.status, 'rejected (fault)');
      return reply
        .code(action.status)
        .type(FHIR_JSON)
        .send(operationOutcome({ severity: 'error', code: 'invalid', diagnostics: action.diagnostics }));
    }

    const validation = validate(body);
    if (!validation.valid || facts.bundleIdentifier === null) {
      state.faults.count(practiceOds, 'rejected');
      logOutcome(422, 'invalid');
      const issues = validation.valid
        ? [{ severity: 'error' as const, path: 'Bundle.identifier.value', code: 'required', message: 'is required' }]
        : validation.issues;
      return reply.code(422).type(FHIR_JSON).send(validationOutcome(issues));
    }

    const { duplicate } = state.received.record(
      {
        practiceOds,
        bundleIdentifier: facts.bundleIdentifier,
        messageHeaderId: facts.messageHeaderId,
        consultationId: header(TRACE_HEADER.consultationId),
        correlationId: header(TRACE_HEADER.correlationId),
        bundle: body,
      },
      clock.now(),
    );
    if (duplicate) {
      state.faults.count(practiceOds, 'duplicates');
      const conflict = state.faults.get(practiceOds)?.duplicateAnswer === 'conflict';
      logOutcome(conflict ? 409 : 200, 'duplicate');
      return reply
        .code(conflict ? 409 : 200)
        .type(FHIR_JSON)
        .send(duplicateOutcome(conflict ? 'error' : 'information'));
    }
    state.faults.count(practiceOds, 'accepted');
    logOutcome(200, 'accepted');
    return reply.code(200).type(FHIR_JSON).send(acceptedOutcome());
  }

  // Request logging at warn: processMessage logs one line per message itself (errors still log).
  app.post<{ Params: { practiceOds: string } }>('/fhir/:practiceOds/$process-message', { logLevel: 'warn' }, (request, reply) =>
    processMessage(request.params.practiceOds, request.body, request.headers, reply),
  );
  app.post('/fhir/$process-message', { logLevel: 'warn' }, (request, reply) => processMessage(undefined, request.body, request.headers, reply));
};
