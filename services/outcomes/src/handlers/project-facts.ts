import {
  type AcceptanceGate,
  type BatchGate,
  consultationEventSchema,
  consultationFingerprint,
  createAcceptanceGate,
  type OutcomeFactRecord,
  pipelineEventSchema,
} from '@firstsync/contracts';
import {
  type BatchHandler,
  batchToOutputs,
  decodeJson,
  HEADER,
  type IncomingRecord,
  type OutgoingRecord,
  type RecordProducer,
  SCHEMA,
  type TopicNames,
} from '@firstsync/kafka';
import type { Logger } from '@firstsync/logging';
import { consultationPartOf, deliveryPartOf, factRecordKey } from '@firstsync/outcomes-core';

export interface ProjectionContext {
  readonly topics: TopicNames;
  /** The consultation id's fact key (HMAC, fact-key.ts). */
  readonly factKeyOf: (consultationId: string) => string;
}

/** What one consumed record became: a fact part, nothing to say, or a record that could not be read. */
export type Projected =
  | { readonly kind: 'fact'; readonly fact: OutcomeFactRecord }
  | { readonly kind: 'none' }
  | { readonly kind: 'refused' }
  | { readonly kind: 'unreadable' };

/**
 * One record of consultations.v1 or pipeline.events.v1 -> at most one fact part. Stateless: a
 * consultation gives its consultation part, a pipeline event the delivery part of its version (or
 * nothing); the parts meet later by their fact key, never here.
 */
export function projectRecord(record: IncomingRecord, context: ProjectionContext, gate?: BatchGate): Projected {
  if (record.topic === context.topics.consultations) {
    const decoded = decodeJson(record, consultationEventSchema);
    if (!decoded.ok) return { kind: 'unreadable' };
    const { consultation, envelope } = decoded.value;
    // The mapper's rule: with several ingest instances a refused submission (409) of the same id and
    // version can follow the accepted one on the partition; only the first counts, as only it reaches the GP.
    const candidate = { version: consultation.version, fingerprint: consultationFingerprint(consultation), pharmacyOds: envelope.pharmacyOds };
    if (gate && gate.judge(consultation.consultationId, candidate).kind !== 'publish') return { kind: 'refused' };
    return { kind: 'fact', fact: consultationPartOf(consultation, context.factKeyOf(consultation.consultationId)) };
  }
  if (record.topic === context.topics.pipelineEvents) {
    const decoded = decodeJson(record, pipelineEventSchema);
    if (!decoded.ok) return { kind: 'unreadable' };
    const { consultationId } = decoded.value;
    if (consultationId === undefined) return { kind: 'none' };
    const part = deliveryPartOf(decoded.value, context.factKeyOf(consultationId));
    return part ? { kind: 'fact', fact: part } : { kind: 'none' };
  }
  return { kind: 'none' };
}

/**
 * The fact part as a record of outcomes.facts.v1. Only the schema and producer headers: a
 * consultation id, correlation id or trace context would link the fact back to patient data.
 */
export function factRecord(fact: OutcomeFactRecord, topics: TopicNames): OutgoingRecord {
  return {
    topic: topics.outcomesFacts,
    key: factRecordKey(fact),
    value: JSON.stringify(fact),
    headers: { [HEADER.schema]: SCHEMA.outcomeFact, [HEADER.producedBy]: 'outcomes' },
  };
}

/**
 * One consumed batch -> one acknowledged send of its fact parts -> one commit (batchToOutputs). A
 * crash replays the batch, which rewrites the same parts under the same keys. Unreadable records
 * are skipped with their offset logged (ingest and the mapper already dead-letter them).
 */
export function factBatchHandler(
  producer: RecordProducer,
  context: ProjectionContext,
  logger: Logger,
  gate: AcceptanceGate = createAcceptanceGate(),
): BatchHandler {
  return batchToOutputs(producer, (records) => {
    const batch = gate.batch();
    const projected = records.map((record) => ({ record, result: projectRecord(record, context, batch) }));
    return {
      outputs: projected.flatMap(({ result }) => (result.kind === 'fact' ? [factRecord(result.fact, context.topics)] : [])),
      onDurable() {
        batch.commit();
        for (const { record, result } of projected) {
          if (result.kind === 'unreadable')
            logger.warn({ topic: record.topic, partition: record.partition, offset: record.offset }, 'unreadable record; no fact');
        }
        logger.debug({ count: records.length, facts: projected.filter(({ result }) => result.kind === 'fact').length }, 'batch projected');
      },
    };
  });
}
