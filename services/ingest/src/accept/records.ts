import { randomUUID } from 'node:crypto';
import type { Consultation, ConsultationEvent, ConsultationWarning, PipelineEvent } from '@firstsync/contracts';
import { HEADER, type OutgoingRecord, pipelineEventRecord, SCHEMA, type TopicNames } from '@firstsync/kafka';

export interface AcceptedSubmission {
  readonly consultation: Consultation;
  readonly pharmacyOds: string;
  readonly correlationId: string;
  readonly receivedAt: string;
  readonly warnings: readonly ConsultationWarning[];
  readonly amendment: boolean;
}

export function consultationEvent(submission: AcceptedSubmission): ConsultationEvent {
  return {
    envelope: {
      schemaVersion: 1,
      receivedAt: submission.receivedAt,
      pharmacyOds: submission.pharmacyOds,
      correlationId: submission.correlationId,
      warnings: [...submission.warnings],
    },
    consultation: submission.consultation,
  };
}

/** The PII-free `received` event the dashboard and the status API build on. */
export function receivedEvent(submission: AcceptedSubmission, eventId: string = randomUUID()): PipelineEvent {
  const { consultation } = submission;
  return {
    eventId,
    type: 'received',
    at: submission.receivedAt,
    source: 'ingest',
    consultationId: consultation.consultationId,
    version: consultation.version,
    correlationId: submission.correlationId,
    pharmacyOds: submission.pharmacyOds,
    practiceOds: consultation.patient.registeredPractice.odsCode,
    service: consultation.service,
    details: {
      amendment: submission.amendment,
      warnings: submission.warnings.length,
      // The codes (never the messages' context) so the dashboard can show what was flagged.
      warningCodes: submission.warnings.map((w) => w.code).join(','),
      consentToShareWithGp: consultation.consentToShareWithGp,
    },
  };
}

/**
 * Both records go out in one send call, so they share one produce request per broker. That is
 * "both or neither" on a single broker; across brokers a partial failure is possible without Kafka
 * transactions. Either way the caller answers 503 unless the whole send is acknowledged, and the
 * client's retry re-sends both records; consumers key on consultationId + version (and eventId), so
 * a duplicate is harmless.
 */
export function acceptanceRecords(
  topics: Pick<TopicNames, 'consultations' | 'pipelineEvents'>,
  event: ConsultationEvent,
  received: PipelineEvent,
  acceptanceId?: string,
): OutgoingRecord[] {
  const id = event.consultation.consultationId;
  const tracing = { [HEADER.correlationId]: event.envelope.correlationId, [HEADER.consultationId]: id, [HEADER.producedBy]: 'ingest' };
  // Only the consultation record carries the acceptance id: it is what the publishing instance reads back.
  const readBack: Record<string, string> = acceptanceId === undefined ? {} : { [HEADER.acceptanceId]: acceptanceId };
  return [
    {
      topic: topics.consultations,
      key: id,
      value: JSON.stringify(event),
      headers: { ...tracing, [HEADER.schema]: SCHEMA.consultationEvent, ...readBack },
    },
    pipelineEventRecord(topics, received, tracing),
  ];
}
