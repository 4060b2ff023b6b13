import { randomUUID } from 'node:crypto';
import {
  type Clock,
  type Consultation,
  type ConsultationWarning,
  consultationFingerprint,
  consultationWarnings,
  type Problem,
  zodIssuesToProblemErrors,
} from '@firstsync/contracts';
import { KafkaUnavailableError, type RecordProducer, type TopicNames } from '@firstsync/kafka';
import type { Logger } from '@firstsync/logging';
import type { ApiClient } from '@firstsync/pharmacy-api-keys';
import type { z } from 'zod';
import { problems, UNAVAILABLE_RETRY_AFTER_SECONDS } from '../http/problems';
import { type Decision, decide } from '../idempotency/decide';
import { judgeReadBack, type ReadBack, ReadBackTimeoutError, type ReadBackWaiters } from '../idempotency/read-back';
import type { AcceptedRecord, IdempotencyStore } from '../idempotency/store';
import type { StatusTimelines } from '../status/status-timelines';
import { InFlightPublishes } from './in-flight';
import { acceptanceRecords, consultationEvent, receivedEvent } from './records';

/** The 202 body: the same for the first answer and every replay of it. */
export interface AcceptedBody {
  consultationId: string;
  version: number;
  status: 'accepted';
  statusUrl: string;
  warnings: ConsultationWarning[];
}

export type AcceptOutcome =
  | { readonly kind: 'accepted'; readonly status: 202; readonly body: AcceptedBody; readonly replayed: boolean }
  | { readonly kind: 'problem'; readonly status: number; readonly body: Problem; readonly retryAfterSeconds?: number };

export interface SubmissionContext {
  readonly client: ApiClient;
  readonly correlationId: string;
}

export interface ConsultationAcceptor {
  accept(body: unknown, context: SubmissionContext): Promise<AcceptOutcome>;
}

export interface AcceptorDeps {
  consultationSchema: z.ZodType<Consultation>;
  producer: Pick<RecordProducer, 'send'>;
  store: IdempotencyStore;
  timelines: Pick<StatusTimelines, 'add'>;
  topics: Pick<TopicNames, 'consultations' | 'pipelineEvents'>;
  clock: Clock;
  logger: Logger;
  statusUrl: (consultationId: string) => string;
  /** False until the idempotency store has been rebuilt from Kafka after a start. */
  storeReady: () => boolean;
  /**
   * Cross-instance idempotency (idempotency/read-back.ts): each publish waits until this instance's
   * view of consultations.v1 reaches its own record and answers from the first-wins judgement made
   * there. Without it the answer comes from this process's store alone (one instance).
   */
  readBack?: { readonly waiters: ReadBackWaiters; readonly timeoutMs: number };
}

const problemOutcome = (body: Problem, retryAfterSeconds?: number): AcceptOutcome => ({
  kind: 'problem',
  status: body.status,
  body,
  ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
});

export function createConsultationAcceptor(deps: AcceptorDeps): ConsultationAcceptor {
  const inFlight = new InFlightPublishes<AcceptOutcome>();

  const acceptedBody = (record: AcceptedRecord): AcceptedBody => ({
    consultationId: record.consultationId,
    version: record.version,
    status: 'accepted',
    statusUrl: deps.statusUrl(record.consultationId),
    warnings: [...record.warnings],
  });

  async function publish(consultation: Consultation, fingerprint: string, amendment: boolean, context: SubmissionContext): Promise<AcceptOutcome> {
    // Eligibility and plausibility findings; the refusals already ran in the schema.
    const warnings = consultationWarnings(consultation);
    const submission = {
      consultation,
      pharmacyOds: context.client.pharmacyOds,
      correlationId: context.correlationId,
      receivedAt: deps.clock.now().toISOString(),
      warnings,
      amendment,
    };
    const received = receivedEvent(submission);
    const acceptanceId = deps.readBack ? randomUUID() : undefined;
    // Expected before the send: the view may read the record back before send() resolves.
    const readBack = acceptanceId && deps.readBack ? deps.readBack.waiters.expect(acceptanceId, deps.readBack.timeoutMs) : undefined;
    readBack?.catch(() => undefined);
    try {
      await deps.producer.send(acceptanceRecords(deps.topics, consultationEvent(submission), received, acceptanceId));
    } catch (err) {
      if (acceptanceId) deps.readBack?.waiters.forget(acceptanceId);
      if (!(err instanceof KafkaUnavailableError)) throw err;
      // Nothing is recorded: the client's retry must be treated as a first submission.
      deps.logger.warn(
        { consultationId: consultation.consultationId, version: consultation.version, pharmacyOds: context.client.pharmacyOds },
        'consultation not accepted: Kafka unavailable',
      );
      return problemOutcome(problems.kafkaUnavailable(), UNAVAILABLE_RETRY_AFTER_SECONDS);
    }
    const record: AcceptedRecord = {
      consultationId: consultation.consultationId,
      version: consultation.version,
      fingerprint,
      pharmacyOds: context.client.pharmacyOds,
      warnings,
    };
    if (readBack) {
      const judged = await judgeOwnRecord(readBack, record, context);
      if (judged) return judged;
    }
    deps.store.record(record);
    // Read-your-writes for GET: the consumer will see the same event later and drop it by eventId.
    // Accepted already (it is in Kafka): a status store that cannot take it now gets it from the topic.
    await deps.timelines.add(received).catch((err: unknown) => {
      deps.logger.warn({ err, consultationId: record.consultationId }, 'received event not written to the status store yet; it follows from the topic');
    });
    // The one info line per accepted consultation (ids only); the request log of a single POST
    // that ends here is written at debug, so an acceptance costs one log line, not two.
    deps.logger.info(
      {
        correlationId: context.correlationId,
        consultationId: record.consultationId,
        version: record.version,
        pharmacyOds: record.pharmacyOds,
        amendment,
        warnings: warnings.map((w) => w.code),
      },
      'consultation accepted',
    );
    return { kind: 'accepted', status: 202, body: acceptedBody(record), replayed: false };
  }

  /**
   * Waits for this instance's own record on consultations.v1 and judges it against what the
   * partition held just before it. Undefined: it was first (publish as usual); otherwise the answer.
   */
  async function judgeOwnRecord(readBack: Promise<ReadBack>, record: AcceptedRecord, context: SubmissionContext): Promise<AcceptOutcome | undefined> {
    const ids = { consultationId: record.consultationId, version: record.version, pharmacyOds: record.pharmacyOds };
    let before: ReadBack['before'];
    try {
      ({ before } = await readBack);
    } catch (err) {
      if (!(err instanceof ReadBackTimeoutError)) throw err;
      // Published but not confirmed: the client's retry is judged by the same first-wins rule.
      deps.logger.warn(ids, 'consultation published but not read back in time: answered 503');
      return problemOutcome(problems.kafkaUnavailable(), UNAVAILABLE_RETRY_AFTER_SECONDS);
    }
    const decision = judgeReadBack(before, record);
    if (decision.kind === 'publish') return undefined;
    // Another instance's record came first on the partition: identical (a duplicate on the wire that
    // downstream deduplicates) or different (this one lost and is ignored by every view).
    deps.logger.info({ correlationId: context.correlationId, ...ids, outcome: decision.kind }, "consultation read back behind another instance's record");
    return answer(decision);
  }

  function answer(decision: Exclude<Decision, { kind: 'publish' }>): AcceptOutcome {
    switch (decision.kind) {
      case 'replay':
        return { kind: 'accepted', status: 202, body: acceptedBody(decision.accepted), replayed: true };
      case 'other-pharmacy':
        return problemOutcome(problems.forbiddenConsultation());
      case 'version-conflict':
        return problemOutcome(problems.versionConflict(decision.acceptedVersion));
      case 'stale-version':
        return problemOutcome(problems.staleVersion(decision.acceptedVersion));
    }
  }

  return {
    async accept(body, context) {
      if (body === undefined || body === null) return problemOutcome(problems.missingBody());
      const parsed = deps.consultationSchema.safeParse(body);
      if (!parsed.success) return problemOutcome(problems.invalidConsultation(zodIssuesToProblemErrors(parsed.error.issues)));
      const consultation = parsed.data;
      if (consultation.pharmacy.odsCode !== context.client.pharmacyOds) return problemOutcome(problems.forbiddenPharmacy());
      if (!deps.storeReady()) return problemOutcome(problems.starting(), UNAVAILABLE_RETRY_AFTER_SECONDS);

      const id = consultation.consultationId;
      const fingerprint = consultationFingerprint(consultation);
      for (;;) {
        const running = inFlight.get(id);
        if (running) {
          if (running.version === consultation.version && running.fingerprint === fingerprint) {
            const shared = await running.outcome;
            return shared.kind === 'accepted' ? { ...shared, replayed: true } : shared;
          }
          // Different content: decide only once the running publish has settled either way.
          await running.outcome.catch(() => undefined);
          continue;
        }
        const decision = decide(deps.store.get(id), { version: consultation.version, fingerprint, pharmacyOds: context.client.pharmacyOds });
        if (decision.kind !== 'publish') return answer(decision);
        return inFlight.run(id, consultation.version, fingerprint, () => publish(consultation, fingerprint, decision.amendment, context));
      }
    },
  };
}
