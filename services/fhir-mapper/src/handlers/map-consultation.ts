import type { BatchGate } from '@firstsync/contracts';
import {
  type ConsultationEvent,
  consultationEventSchema,
  consultationFingerprint,
  createPipelineEvent,
  type GpMessage,
  type MappingDeadLetter,
  type MappingFailureReason,
} from '@firstsync/contracts';
import { decodeJson, HEADER, type IncomingRecord, type OutgoingRecord, pipelineEventRecord, SCHEMA, type TopicNames } from '@firstsync/kafka';
import { buildUpdateRecordMessage, shouldShareWithGp, toOperationOutcome, type ValidationIssue, validateUpdateRecordMessage } from '@firstsync/update-record';

/** What the mapper does with one consumed record: the records to write, all in one acknowledged send. */
export interface MappingOutcome {
  /** `refused`: another record of the same consultation id and version came first (see @firstsync/contracts acceptance-gate.ts). */
  readonly kind: 'mapped' | 'not-shared' | 'mapping-failed' | 'refused';
  readonly records: readonly OutgoingRecord[];
  /** For `refused`: why (the acceptance rule's decision), for the log. */
  readonly refusal?: string;
}

export interface MappingContext {
  readonly topics: TopicNames;
  readonly meshMailboxId: string;
}

// PipelineEvent.message is at most 2000 characters; the dead letter carries the full list.
const SUMMARY_MAX = 2000;

function issueSummary(issues: readonly { path: string; message: string }[]): string {
  const shown = issues.slice(0, 10).map((issue) => `${issue.path}: ${issue.message}`);
  const summary = `${issues.length} problem(s): ${shown.join('; ')}${issues.length > shown.length ? '; ...' : ''}`;
  return summary.length <= SUMMARY_MAX ? summary : `${summary.slice(0, SUMMARY_MAX - 3)}...`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A poison record's key is only trusted as a consultationId when it looks like one (events require a UUID). */
function keyAsConsultationId(key: string | null): { consultationId?: string } {
  return key !== null && UUID.test(key) ? { consultationId: key.toLowerCase() } : {};
}

function failure(
  record: IncomingRecord,
  context: MappingContext,
  reason: MappingFailureReason,
  issues: readonly ValidationIssue[],
  known: { consultationId?: string; version?: number; correlationId?: string; pharmacyOds?: string; practiceOds?: string; service?: string },
): MappingOutcome {
  const failedAt = new Date().toISOString();
  const deadLetter: MappingDeadLetter = {
    reason,
    failedAt,
    consultationId: known.consultationId ?? null,
    version: known.version ?? null,
    correlationId: known.correlationId ?? null,
    operationOutcome: toOperationOutcome(issues) as unknown as Record<string, unknown>,
    source: { topic: record.topic, partition: record.partition, offset: record.offset },
    originalValue: record.value ? record.value.toString('utf8') : null,
  };
  const event = createPipelineEvent({
    type: 'mapping-failed',
    source: 'fhir-mapper',
    ...known,
    code: reason,
    message: issueSummary(issues),
  });
  return {
    kind: 'mapping-failed',
    records: [
      {
        topic: context.topics.mappingDeadLetter,
        key: known.consultationId ?? record.key,
        value: JSON.stringify(deadLetter),
        headers: { ...record.headers, [HEADER.failureReason]: reason },
      },
      pipelineEventRecord(context.topics, event),
    ],
  };
}

function parseEvent(record: IncomingRecord): { event: ConsultationEvent } | { reason: MappingFailureReason; issues: ValidationIssue[] } {
  const decoded = decodeJson(record, consultationEventSchema);
  if (decoded.ok) return { event: decoded.value };
  if (decoded.reason !== 'invalid') {
    // An empty value is as unreadable as broken JSON.
    return { reason: 'unreadable', issues: [{ severity: 'error', path: '(record)', code: 'not-json', message: 'record value is not JSON' }] };
  }
  return { reason: 'invalid-event', issues: decoded.issues.map((issue) => ({ severity: 'error' as const, ...issue })) };
}

/**
 * Turns one consultation event into its outputs. Nothing invalid is ever sent: a message that fails
 * our profile checks goes to the dead letter with every problem named, and the pipeline records it.
 */
export function mapConsultationRecord(record: IncomingRecord, context: MappingContext, gate?: BatchGate): MappingOutcome {
  const parsed = parseEvent(record);
  if ('reason' in parsed) return failure(record, context, parsed.reason, parsed.issues, keyAsConsultationId(record.key));
  const { envelope, consultation } = parsed.event;
  if (gate) {
    const candidate = { version: consultation.version, fingerprint: consultationFingerprint(consultation), pharmacyOds: envelope.pharmacyOds };
    const decision = gate.judge(consultation.consultationId, candidate);
    if (decision.kind !== 'publish') return { kind: 'refused', records: [], refusal: decision.kind };
  }
  const known = {
    consultationId: consultation.consultationId,
    version: consultation.version,
    correlationId: envelope.correlationId,
    pharmacyOds: consultation.pharmacy.odsCode,
    practiceOds: consultation.patient.registeredPractice.odsCode,
    service: consultation.service,
  };
  if (!shouldShareWithGp(consultation)) {
    const event = createPipelineEvent({
      type: 'not-shared',
      source: 'fhir-mapper',
      ...known,
      message: 'patient did not consent to share with the GP; nothing sent',
    });
    return { kind: 'not-shared', records: [pipelineEventRecord(context.topics, event)] };
  }
  let built: ReturnType<typeof buildUpdateRecordMessage>;
  try {
    built = buildUpdateRecordMessage(consultation, { builtAt: envelope.receivedAt, senderMeshMailbox: context.meshMailboxId });
  } catch (err) {
    const message = err instanceof Error ? err.message : 'unknown error';
    return failure(record, context, 'build-error', [{ severity: 'error', path: '(message)', code: 'build-error', message }], known);
  }
  const validation = validateUpdateRecordMessage(built.bundle);
  if (!validation.valid)
    return failure(
      record,
      context,
      'invalid-message',
      validation.issues.filter((i) => i.severity === 'error'),
      known,
    );

  const gpMessage: GpMessage = {
    consultationId: consultation.consultationId,
    version: consultation.version,
    correlationId: envelope.correlationId,
    practiceOds: known.practiceOds,
    pharmacyOds: known.pharmacyOds,
    service: consultation.service,
    builtAt: envelope.receivedAt,
    identifiers: built.identifiers,
    meshRouting: { nhsNumber: consultation.patient.nhsNumber, birthDate: consultation.patient.birthDate, surname: consultation.patient.name.family },
    bundle: built.bundle as unknown as Record<string, unknown>,
  };
  const mapped = createPipelineEvent({
    type: 'mapped',
    source: 'fhir-mapper',
    ...known,
    details: { bundleIdentifier: built.identifiers.bundleIdentifier, documentIdentifier: built.identifiers.documentIdentifier },
  });
  return {
    kind: 'mapped',
    records: [
      {
        topic: context.topics.gpMessages,
        key: known.practiceOds,
        value: JSON.stringify(gpMessage),
        headers: { [HEADER.correlationId]: envelope.correlationId, [HEADER.consultationId]: consultation.consultationId, [HEADER.schema]: SCHEMA.gpMessage },
      },
      pipelineEventRecord(context.topics, mapped),
    ],
  };
}
