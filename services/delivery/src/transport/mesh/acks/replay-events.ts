import type { PipelineEvent } from '@firstsync/contracts';
import { type AckEvent, type AckFinal, type AckTimeouts, nextAckStep } from './ack-state';
import type { AckTrackingStore } from './ack-tracking-store';

const str = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);

const FINAL_TYPES: Readonly<Partial<Record<PipelineEvent['type'], AckFinal['outcome']>>> = {
  delivered: 'delivered',
  'needs-fallback': 'needs-fallback',
  'dead-lettered': 'permanent',
  'retry-scheduled': 'retryable',
};

/**
 * Rebuilds the ack tracking from pipeline events after a restart, so acks and reports that arrive
 * later still find their message and the timeouts still run from the original send:
 * - `sent` over MESH awaiting acknowledgement, when its details carry the ids acks are matched on
 *   (meshMessageId or transportMessageId, messageHeaderId, senderReference, bundleIdentifier);
 * - our own inf-ack / bus-ack / mesh-report events, replayed through the state machine;
 * - the engine's final events for acknowledged outcomes (details.acknowledged), which close it.
 * Pure apart from updating the store; events in topic order.
 */
export function replayPipelineEvent(store: AckTrackingStore, event: PipelineEvent, timeouts: AckTimeouts): void {
  if (event.transport !== 'mesh' || !event.consultationId || event.version === undefined) return;
  const details = event.details ?? {};
  const at = new Date(event.at);

  if (event.type === 'sent') {
    const meshMessageId = str(details.meshMessageId) ?? str(details.transportMessageId);
    const messageHeaderId = str(details.messageHeaderId);
    const senderReference = str(details.senderReference);
    const bundleIdentifier = str(details.bundleIdentifier);
    if (details.awaitingAcknowledgement !== true || !meshMessageId || !messageHeaderId || !senderReference || !bundleIdentifier) return;
    if (store.find(meshMessageId)) return;
    store.register(
      {
        consultationId: event.consultationId,
        version: event.version,
        correlationId: event.correlationId ?? '',
        practiceOds: event.practiceOds ?? '',
        pharmacyOds: event.pharmacyOds ?? '',
        service: event.service ?? '',
        bundleIdentifier,
        messageHeaderId,
        senderReference,
        meshMessageId,
      },
      at,
    );
    return;
  }

  if (event.type === 'inf-ack' || event.type === 'bus-ack' || event.type === 'mesh-report') {
    const entry = store.find(str(details.meshMessageId));
    if (!entry || !event.code) return;
    const ack: AckEvent =
      event.type === 'mesh-report'
        ? { kind: 'report', statusCode: event.code, success: false, at }
        : { kind: 'itk', level: event.type === 'bus-ack' ? 'business' : 'infrastructure', code: event.code, positive: details.positive === true, at };
    store.apply(entry, nextAckStep(entry.tracking, ack, timeouts));
    return;
  }

  const outcome = FINAL_TYPES[event.type];
  if (!outcome || details.acknowledged !== true) return;
  for (const entry of store.awaitingVersion(event.consultationId, event.version)) {
    store.apply(entry, {
      tracking: { ...entry.tracking, phase: 'done', doneAt: at },
      progress: null,
      final: { outcome, code: event.code ?? outcome, message: event.message ?? '' },
    });
  }
}
