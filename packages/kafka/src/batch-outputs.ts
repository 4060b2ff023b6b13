import type { BatchHandler, IncomingRecord } from './consumer';
import type { OutgoingRecord } from './port';
import type { RecordProducer } from './producer';
import { traceOutputs } from './tracing';

/** All outputs of one consumed batch, and what to do once they are durable (logging, metrics). */
export interface BatchOutputs {
  readonly outputs: readonly OutgoingRecord[];
  readonly onDurable?: () => void;
}

/**
 * The hot path of a hop: the handler turns a whole batch into its outputs (no await per record),
 * the package sends them as one unit (one produce request, acks=all, cut only where the broker's
 * request size demands) and marks the batch done only once they are acknowledged, so the consumer
 * commits once per batch and never before the outputs are durable. A failed send throws: nothing
 * of the batch is marked, and the client delivers it again.
 */
export function batchToOutputs(
  producer: RecordProducer,
  transform: (records: readonly IncomingRecord[]) => BatchOutputs | Promise<BatchOutputs>,
): BatchHandler {
  return async (records, context) => {
    const last = records[records.length - 1];
    if (!last) return;
    const transformed = await transform(records);
    const { onDurable } = transformed;
    // Each output continues the trace of the record it came from (nothing happens with tracing off).
    const { outputs, spans } = traceOutputs(records, transformed.outputs);
    try {
      if (outputs.length > 0) await producer.send(outputs);
    } catch (err) {
      for (const span of spans) span.end(err);
      throw err;
    }
    for (const span of spans) span.end();
    context.markDone(last);
    onDurable?.();
  };
}
