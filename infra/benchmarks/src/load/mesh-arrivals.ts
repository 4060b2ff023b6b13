import { resourceId } from '@firstsync/update-record';
import type { MeshCollected } from '../system/simulator-client';
import type { Arrivals } from './latency';
import type { SentConsultation } from './paced-poster';

/**
 * The Bundle.identifier firstsync gives version `version` of a consultation: MESH carries no
 * consultation id, so arrivals at the simulator's MESH side are matched by this identifier (the
 * mapper derives it with the same `resourceId`; the bench's test checks it against a real build).
 */
export function bundleIdentifierFor(consultationId: string, version = 1): string {
  return resourceId(consultationId, version, 'message-bundle');
}

function keepEarliest(arrivals: Map<string, number>, consultationId: string, at: number): void {
  const known = arrivals.get(consultationId);
  if (known === undefined || at < known) arrivals.set(consultationId, at);
}

/**
 * When each sent consultation reached the practice's MESH inbox, and when delivery collected the
 * GP system's infrastructure ack (it acknowledges an ack only after its inf-ack event is in Kafka).
 */
export function meshArrivals(sent: readonly SentConsultation[], collected: readonly MeshCollected[]): { inbox: Arrivals; infAck: Arrivals } {
  const consultationOf = new Map(sent.map((s) => [bundleIdentifierFor(s.consultationId), s.consultationId]));
  const inbox = new Map<string, number>();
  const infAck = new Map<string, number>();
  for (const message of collected) {
    const consultationId = message.bundleIdentifier === null ? undefined : consultationOf.get(message.bundleIdentifier);
    if (consultationId === undefined) continue;
    // A resend is a second MESH message with the same Bundle: the first arrival counts.
    keepEarliest(inbox, consultationId, Date.parse(message.deliveredAt));
    if (message.infAckCollectedAt !== null) keepEarliest(infAck, consultationId, Date.parse(message.infAckCollectedAt));
  }
  return { inbox, infAck };
}
