import { ITK_RESPONSE } from '@firstsync/consultation-lifecycle';
import type { Clock } from '@firstsync/contracts';
import type { OutgoingRecord, TopicNames } from '@firstsync/kafka';
import { notificationDeadline } from '../policy/working-days';
import { followUpDetails } from '../routing/follow-up';
import { decideMeshRoute, needsLookup, type RouteNote, remembered } from '../routing/mesh-route';
import { type PracticeRoute, practiceRouteRecord, type RouteMemory } from '../state/route-memory';
import type { EndpointAnswer } from '../transport/mesh';
import type { Acknowledgement } from '../transport/port';
import type { DeliveryWork } from './delivery-work';
import { deadLetterRecord, eventRecord, messageFields } from './outputs';

export interface MeshRoutingDeps {
  /** What acknowledgements taught about each practice (delivery.practice-routes, shared by every instance). */
  readonly memory: RouteMemory;
  /** ROUTE_SWITCHED_OFF_FALLBACK_MS: how long a practice that answered 20010 gets NHSmail before MESH is tried again. */
  readonly switchedOffFallbackMs: number;
  /** MESH endpoint lookup (cached); absent: no lookup, the upload goes as the directory says. */
  readonly lookup?: (practiceOds: string) => Promise<EndpointAnswer>;
}

export type BeforeMesh = { readonly kind: 'send'; readonly records: OutgoingRecord[] } | { readonly kind: 'fallback'; readonly records: OutgoingRecord[] };

export interface MeshRouter {
  /** Before a MESH upload: the records of the decision, and whether to upload or fall back to NHSmail at once. */
  before(work: DeliveryWork): Promise<BeforeMesh>;
  /** What a final acknowledgement teaches: records to write (a 20010 is remembered) and details for its event. */
  learned(ack: Acknowledgement): { readonly records: OutgoingRecord[]; readonly details: Record<string, string> };
}

const ODS = /^[A-Z0-9]{3,10}$/;

/**
 * Routing intelligence on the MESH route (issue #15): the memory of 20010 answers and the endpoint
 * lookup decide before each upload (routing/mesh-route.ts, pure); every decision is a
 * `route-decided` event with its reason, and a fallback decided here goes the usual way (a
 * `needs-fallback` dead letter the NHSmail fallback worker mails), with the code MESH would have
 * answered as its cause.
 */
export function createMeshRouter(deps: { topics: TopicNames; clock: Clock; closeOfDay: string; routing: MeshRoutingDeps }): MeshRouter {
  const { topics, clock, routing } = deps;

  return {
    async before(work) {
      const { gpMessage } = work;
      const practiceOds = gpMessage.practiceOds;
      const memory = remembered(routing.memory.of(practiceOds), clock.now(), routing.switchedOffFallbackMs);
      const endpoint: EndpointAnswer = needsLookup(memory) && routing.lookup ? await routing.lookup(practiceOds) : { kind: 'not-asked' };
      const now = clock.now();
      const decision = decideMeshRoute({ practiceOds, memory, endpoint, now });
      const noted = (note: RouteNote): OutgoingRecord =>
        eventRecord(
          topics,
          { type: 'route-decided', ...messageFields(gpMessage), transport: 'mesh', code: note.code, message: note.message, details: note.details },
          now,
        );
      if (decision.kind === 'send') {
        const records = decision.note ? [noted(decision.note)] : [];
        if (decision.remember) {
          routing.memory.apply(decision.remember);
          records.push(practiceRouteRecord(topics, decision.remember));
        }
        return { kind: 'send', records };
      }
      const deadline = notificationDeadline(new Date(gpMessage.builtAt), { closeOfDay: deps.closeOfDay });
      return {
        kind: 'fallback',
        records: [
          noted(decision.note),
          deadLetterRecord(
            topics,
            {
              disposition: 'needs-fallback',
              reason: { code: decision.cause, message: decision.note.message },
              deadLetteredAt: now.toISOString(),
              gpMessage,
              attempts: work.attempts,
              firstAttemptAt: work.firstAttemptAt ?? now.toISOString(),
              deadline: deadline.toISOString(),
            },
            practiceOds,
            gpMessage.consultationId,
          ),
          eventRecord(
            topics,
            {
              type: 'needs-fallback',
              ...messageFields(gpMessage),
              transport: 'mesh',
              code: decision.cause,
              message: decision.note.message,
              details: { routeDecision: decision.note.code, ...followUpDetails(decision.cause) },
            },
            now,
          ),
        ],
      };
    },

    learned(ack) {
      if (ack.outcome !== 'needs-fallback') return { records: [], details: {} };
      const details = followUpDetails(ack.code);
      if (ack.code !== ITK_RESPONSE.recipientNotSupported.code || ack.transport !== 'mesh' || !ODS.test(ack.practiceOds)) return { records: [], details };
      const route: PracticeRoute = {
        practiceOds: ack.practiceOds,
        state: 'switched-off',
        code: ack.code,
        learnedAt: ack.receivedAt.toISOString(),
        consultationId: ack.consultationId,
      };
      routing.memory.apply(route);
      const until = new Date(ack.receivedAt.getTime() + routing.switchedOffFallbackMs).toISOString();
      return { records: [practiceRouteRecord(topics, route)], details: { ...details, nhsmailUntil: until } };
    },
  };
}
