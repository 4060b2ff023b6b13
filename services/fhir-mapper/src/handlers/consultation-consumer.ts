import { type AcceptanceGate, createAcceptanceGate } from '@firstsync/contracts';
import { type BatchHandler, batchToOutputs, HEADER, type RecordProducer } from '@firstsync/kafka';
import type { Logger } from '@firstsync/logging';
import { type MappingContext, mapConsultationRecord } from './map-consultation';

/**
 * Maps a partition's batch (synchronously, no await per record) and hands every output to
 * `batchToOutputs`: one acknowledged send for the batch, then one commit, so a crash replays rather
 * than loses (downstream deduplicates on stable ids).
 */
export function consultationBatchHandler(
  producer: RecordProducer,
  context: MappingContext,
  logger: Logger,
  gate: AcceptanceGate = createAcceptanceGate(),
): BatchHandler {
  return batchToOutputs(producer, (records) => {
    const batch = gate.batch();
    const outcomes = records.map((record) => ({ record, outcome: mapConsultationRecord(record, context, batch) }));
    return {
      outputs: outcomes.flatMap(({ outcome }) => outcome.records),
      onDurable() {
        batch.commit();
        for (const { record, outcome } of outcomes) {
          if (outcome.kind === 'refused') {
            // Ingest answered this submission 409 (or as a replay of the first): nothing of it goes on.
            logger.info(
              { consultationId: record.key, offset: record.offset, decision: outcome.refusal },
              'consultation record behind an earlier one of the same version; not mapped',
            );
            continue;
          }
          // One line per consultation, ids only, so on-call can follow a consultation by id through the logs.
          if (outcome.kind === 'mapping-failed') logger.warn({ consultationId: record.key, offset: record.offset }, 'mapping failed; dead-lettered');
          else logger.info({ consultationId: record.key, correlationId: record.headers[HEADER.correlationId], outcome: outcome.kind }, 'consultation mapped');
        }
        logger.debug({ count: records.length }, 'batch mapped');
      },
    };
  });
}
