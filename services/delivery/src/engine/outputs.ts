import { createPipelineEvent, type GpMessage, type PipelineEvent } from '@firstsync/contracts';
import { HEADER, type OutgoingRecord, type TopicNames } from '@firstsync/kafka';
import type { DeadLetterValue, ParkedValue, RetryEnvelope } from './delivery-work';
import { HELD_SINCE_HEADER, RETRY_TIER_HEADER } from './delivery-work';

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
  // Keyed by consultation; practice-level operator events (hold/release) by practice.
  return { topic: topics.pipelineEvents, key: event.consultationId ?? event.practiceOds ?? null, value: JSON.stringify(event) };
}

function traceHeaders(gpMessage: GpMessage): Record<string, string> {
  return { [HEADER.consultationId]: gpMessage.consultationId, [HEADER.correlationId]: gpMessage.correlationId, [HEADER.producedBy]: 'delivery' };
}

/** `heldSince`: clock ms of the failure or refusal that put it here (see HELD_SINCE_HEADER). */
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
      [RETRY_TIER_HEADER]: tierId,
      [HELD_SINCE_HEADER]: String(heldSince),
      [HEADER.schema]: 'delivery-retry.v1',
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
      'x-disposition': value.disposition,
      [HEADER.schema]: 'delivery-dead-letter.v1',
    },
  };
}

export function parkedRecord(topics: TopicNames, value: ParkedValue): OutgoingRecord {
  return {
    topic: topics.deliveryParked,
    key: value.gpMessage.practiceOds,
    value: JSON.stringify(value),
    headers: { ...traceHeaders(value.gpMessage), 'x-park-reason': value.reason, [HEADER.schema]: 'delivery-parked.v1' },
  };
}

/** Puts a message back on the main delivery path (resend, release, re-route at start-up). */
export function requeueRecord(topics: TopicNames, gpMessage: GpMessage, extraHeaders: Record<string, string>): OutgoingRecord {
  return {
    topic: topics.gpMessages,
    key: gpMessage.practiceOds,
    value: JSON.stringify(gpMessage),
    headers: { ...traceHeaders(gpMessage), [HEADER.schema]: 'gp-message.v1', ...extraHeaders },
  };
}
