import type { BatchHandler, RecordProducer } from '@firstsync/kafka';
import type { Logger } from '@firstsync/logging';
import { mapConsultationRecord, type MappingContext } from './map-consultation';

/**
 * Maps a partition's batch and writes every output in one acknowledged send before marking the
 * batch done, so a crash replays rather than loses (downstream deduplicates on stable ids).
 */
export function consultationBatchHandler(producer: RecordProducer, context: MappingContext, logger: Logger): BatchHandler {
  return async (records, batch) => {
    const outcomes = records.map((record) => ({ record, outcome: mapConsultationRecord(record, context) }));
    await producer.send(outcomes.flatMap(({ outcome }) => outcome.records));
    for (const { record, outcome } of outcomes) {
      if (outcome.kind === 'mapping-failed') logger.warn({ consultationId: record.key, offset: record.offset }, 'mapping failed; dead-lettered');
      batch.markDone(record);
    }
    logger.debug({ count: records.length }, 'batch mapped');
  };
}
