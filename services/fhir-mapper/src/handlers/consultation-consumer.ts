import { type BatchHandler, HEADER, type RecordProducer } from '@firstsync/kafka';
import type { Logger } from '@firstsync/logging';
import { type MappingContext, mapConsultationRecord } from './map-consultation';

/**
 * Maps a partition's batch and writes every output in one acknowledged send before marking the
 * batch done, so a crash replays rather than loses (downstream deduplicates on stable ids).
 */
export function consultationBatchHandler(producer: RecordProducer, context: MappingContext, logger: Logger): BatchHandler {
  return async (records, batch) => {
    const outcomes = records.map((record) => ({ record, outcome: mapConsultationRecord(record, context) }));
    await producer.send(outcomes.flatMap(({ outcome }) => outcome.records));
    for (const { record, outcome } of outcomes) {
      // One line per consultation, ids only, so on-call can follow a consultation by id through the logs.
      if (outcome.kind === 'mapping-failed') logger.warn({ consultationId: record.key, offset: record.offset }, 'mapping failed; dead-lettered');
      else logger.info({ consultationId: record.key, correlationId: record.headers[HEADER.correlationId], outcome: outcome.kind }, 'consultation mapped');
      batch.markDone(record);
    }
    logger.debug({ count: records.length }, 'batch mapped');
  };
}
