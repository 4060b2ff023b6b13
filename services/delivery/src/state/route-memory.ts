import { HEADER, type OutgoingRecord, SCHEMA, type TopicNames } from '@firstsync/kafka';
import { z } from 'zod';

/**
 * What acknowledgements taught delivery about one practice's MESH route: the value of
 * `delivery.practice-routes.v1` (compacted, key = practice ODS code). Every instance replays the
 * topic at start and follows it (state-tailer), so what one instance learnt holds for all of them
 * and survives restarts. Ids, codes and times only.
 */
export const practiceRouteSchema = z.strictObject({
  practiceOds: z.string().regex(/^[A-Z0-9]{3,10}$/),
  /**
   * `switched-off`: the practice answered 20010 at `learnedAt`; NHSmail until the configured period
   * (ROUTE_SWITCHED_OFF_FALLBACK_MS) has passed. `probing`: the period ended and MESH was tried again.
   */
  state: z.enum(['switched-off', 'probing']),
  /** The acknowledgement code that taught it (ITK3 20010). */
  code: z.string().max(64),
  learnedAt: z.iso.datetime({ offset: true }),
  /** The consultation whose acknowledgement taught it. */
  consultationId: z.uuid().optional(),
  probedAt: z.iso.datetime({ offset: true }).optional(),
});

export type PracticeRoute = z.infer<typeof practiceRouteSchema>;

const STATE_RANK: Readonly<Record<PracticeRoute['state'], number>> = { 'switched-off': 0, probing: 1 };

/** Whether `next` is newer knowledge than `known`: a later lesson, or the probe that followed the same lesson. */
function supersedes(next: PracticeRoute, known: PracticeRoute | undefined): boolean {
  if (!known) return true;
  const byTime = Date.parse(next.learnedAt) - Date.parse(known.learnedAt);
  if (byTime !== 0) return byTime > 0;
  return STATE_RANK[next.state] >= STATE_RANK[known.state];
}

/**
 * The practices' learnt routes on this instance. Applied twice (at once by the instance that
 * learnt it, later when the tailer reads its own record back), so applying is idempotent and never
 * steps back: an older lesson, or the lesson a probe already followed, changes nothing.
 */
export class RouteMemory {
  private readonly routes = new Map<string, PracticeRoute>();

  apply(route: PracticeRoute): void {
    if (supersedes(route, this.routes.get(route.practiceOds))) this.routes.set(route.practiceOds, route);
  }

  of(practiceOds: string): PracticeRoute | undefined {
    return this.routes.get(practiceOds);
  }

  get size(): number {
    return this.routes.size;
  }
}

export function practiceRouteRecord(topics: TopicNames, route: PracticeRoute): OutgoingRecord {
  return {
    topic: topics.deliveryPracticeRoutes,
    key: route.practiceOds,
    value: JSON.stringify(route),
    headers: { [HEADER.producedBy]: 'delivery', [HEADER.schema]: SCHEMA.deliveryPracticeRoute },
  };
}
