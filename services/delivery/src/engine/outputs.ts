import { createPipelineEvent, type GpMessage, type PipelineEvent } from '@firstsync/contracts';
import { HEADER, type OutgoingRecord, pipelineEventRecord, SCHEMA, type TopicNames } from '@firstsync/kafka';
import type { DeadLetterValue, ParkedValue, RetryEnvelope } from './delivery-work';

type EventFields = Omit<PipelineEvent, 'eventId' | 'at' | 'source'> & { at?: string };

/** The ids every delivery event about a message carries (never patient data). */
export function messageFields(
  gpMessage: GpMessage,
): Pick<PipelineEvent, 'consultationId' | 'version' | 'correlationId' | 'pharmacyOds' | 'practiceOds' | 'service'> {
  return {
    consultationId: gpMessage.consultationId,
    version: gpMessage.version,
    correlationId: gpMessage.correlationId,
    pharmacyOds: gpMessage.pharmacyOds,
    practiceOds: gpMessage.practiceOds,
    service: gpMessage.service,
  };
}

export function eventRecord(topics: TopicNames, fields: EventFields, now: Date): OutgoingRecord {
  const event = createPipelineEvent({ source: 'delivery', ...fields }, () => now);
  return pipelineEventRecord(topics, event);
}

function traceHeaders(gpMessage: GpMessage): Record<string, string> {
  return { [HEADER.consultationId]: gpMessage.consultationId, [HEADER.correlationId]: gpMessage.correlationId, [HEADER.producedBy]: 'delivery' };
}

/** `heldSince`: clock ms of the failure or refusal that put it here (see HEADER.heldSince). */
export function retryRecord(topic: string, tierId: string, envelope: RetryEnvelope, attemptsMade: number, heldSince: number): OutgoingRecord {
  return {
    topic,
    key: envelope.gpMessage.practiceOds,
    value: JSON.stringify(envelope),
    headers: {
      ...traceHeaders(envelope.gpMessage),
      [HEADER.attempt]: String(attemptsMade),
      [HEADER.firstAttemptAt]: envelope.firstAttemptAt ?? envelope.notBefore,
      [HEADER.notBefore]: envelope.notBefore,
      [HEADER.retryTier]: tierId,
      [HEADER.heldSince]: String(heldSince),
      [HEADER.schema]: SCHEMA.deliveryRetry,
    },
  };
}

export function deadLetterRecord(topics: TopicNames, value: DeadLetterValue, key: string | null, consultationId: string | null): OutgoingRecord {
  return {
    topic: topics.deliveryDeadLetter,
    key,
    value: JSON.stringify(value),
    headers: {
      ...(value.gpMessage ? traceHeaders(value.gpMessage) : consultationId ? { [HEADER.consultationId]: consultationId } : {}),
      [HEADER.disposition]: value.disposition,
      [HEADER.schema]: SCHEMA.deliveryDeadLetter,
    },
  };
}

export function parkedRecord(topics: TopicNames, value: ParkedValue): OutgoingRecord {
  return {
    topic: topics.deliveryParked,
    key: value.gpMessage.practiceOds,
    value: JSON.stringify(value),
    headers: { ...traceHeaders(value.gpMessage), [HEADER.parkReason]: value.reason, [HEADER.schema]: SCHEMA.deliveryParked },
  };
}

/** Puts a message back on the main delivery path (resend, release, re-route at start-up). */
export function requeueRecord(topics: TopicNames, gpMessage: GpMessage, extraHeaders: Record<string, string>): OutgoingRecord {
  return {
    topic: topics.gpMessages,
    key: gpMessage.practiceOds,
    value: JSON.stringify(gpMessage),
    headers: { ...traceHeaders(gpMessage), [HEADER.schema]: SCHEMA.gpMessage, ...extraHeaders },
  };
}
