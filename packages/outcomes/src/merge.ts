import type { ConsultationPart, DeliveryFact, DeliveryPart, OutcomeFact, OutcomeFactRecord } from '@firstsync/contracts';

const NOT_SHARED: DeliveryFact = { result: 'not-shared', route: null, code: null, filedAt: null };
const PENDING: DeliveryFact = { result: 'pending', route: null, code: null, filedAt: null };

/**
 * One consultation's outcome fact: its consultation part with the delivery part of the same
 * version. A consultation not shared with the GP is `not-shared` whatever else arrived; without a
 * delivery part of its version (an amendment not sent yet, or nothing heard yet) it is `pending`.
 */
export function mergeFact(consultation: ConsultationPart, delivery: DeliveryPart | undefined): OutcomeFact {
  const { part: _part, ...fields } = consultation;
  if (!consultation.sharedWithGp) return { ...fields, delivery: NOT_SHARED };
  if (!delivery || delivery.factKey !== consultation.factKey || delivery.version !== consultation.version) return { ...fields, delivery: PENDING };
  const { result, route, code, filedAt } = delivery;
  return { ...fields, delivery: { result, route, code, filedAt } };
}

export const consultationRecordKey = (factKey: string): string => `${factKey}/consultation`;
export const deliveryRecordKey = (factKey: string, version: number): string => `${factKey}/delivery/${version}`;

/** The Kafka record key of a part: the two kinds, and each version's delivery, compact separately. */
export function factRecordKey(record: OutcomeFactRecord): string {
  return record.part === 'consultation' ? consultationRecordKey(record.factKey) : deliveryRecordKey(record.factKey, record.version);
}

/**
 * The outcome facts a sequence of records (in topic order) stands for, as a compacted topic keeps
 * them: the latest record of each key wins, then each consultation part is merged with the
 * delivery part of its version. Delivery parts whose consultation part has not arrived yet give no
 * fact. An amended consultation is one fact (its latest version).
 */
export function projectFacts(records: Iterable<OutcomeFactRecord>): OutcomeFact[] {
  const consultations = new Map<string, ConsultationPart>();
  const deliveries = new Map<string, DeliveryPart>();
  for (const record of records) {
    if (record.part === 'consultation') consultations.set(record.factKey, record);
    else deliveries.set(factRecordKey(record), record);
  }
  return [...consultations.values()].map((consultation) =>
    mergeFact(consultation, deliveries.get(deliveryRecordKey(consultation.factKey, consultation.version))),
  );
}
