import type { ConsultationPart, DeliveryPart, OutcomeFactRecord, ReferenceResolver } from '@firstsync/outcomes-core';
import { Deltas } from './deltas';
import { type FactRowValues, factRowValues, type StoredFact } from './stored-fact';

/** A batch as a compacted topic would keep it: the newest consultation part per fact (never an older version over a newer), the latest delivery part per fact and version. */
export interface CollapsedBatch {
  readonly consultations: ReadonlyMap<string, ConsultationPart>;
  readonly deliveries: ReadonlyMap<string, DeliveryPart>;
  readonly deliveriesOf: ReadonlyMap<string, readonly DeliveryPart[]>;
  /** Every fact key the batch touches. */
  readonly keys: readonly string[];
}

export function collapseBatch(records: readonly OutcomeFactRecord[]): CollapsedBatch {
  const consultations = new Map<string, ConsultationPart>();
  const deliveries = new Map<string, DeliveryPart>();
  for (const r of records) {
    if (r.part === 'consultation') {
      const before = consultations.get(r.factKey);
      if (before === undefined || r.version >= before.version) consultations.set(r.factKey, r);
    } else deliveries.set(`${r.factKey}/${r.version}`, r);
  }
  const deliveriesOf = new Map<string, DeliveryPart[]>();
  for (const d of deliveries.values()) deliveriesOf.set(d.factKey, [...(deliveriesOf.get(d.factKey) ?? []), d]);
  return { consultations, deliveries, deliveriesOf, keys: [...new Set([...consultations.keys(), ...deliveriesOf.keys()])] };
}

/** What absorbing a batch changes, worked out from what is stored. Pure. */
export interface AbsorbPlan {
  readonly deltas: Deltas;
  readonly factRows: FactRowValues[];
  /** Delivery parts to keep until their consultation part (of their version) comes. */
  readonly pend: DeliveryPart[];
  /** Pending parts merged now. */
  readonly unpend: { factKey: string; version: number }[];
  readonly consultations: number;
  readonly deliveries: number;
}

/**
 * For each fact the batch touches: its consultation part (the stored one unless the batch's is
 * newer or the same version), the delivery part of that version (from the batch, else the stored
 * fact's, else a pending one), its placement on the day; if that differs from what is stored, the
 * old tallies out and the new in. A delivery part of a later version waits; an earlier one is moot.
 */
export function planAbsorb(
  batch: CollapsedBatch,
  stored: ReadonlyMap<string, StoredFact>,
  pending: ReadonlyMap<string, DeliveryPart>,
  resolver: ReferenceResolver,
): AbsorbPlan {
  const plan = {
    deltas: new Deltas(),
    factRows: [] as FactRowValues[],
    pend: [] as DeliveryPart[],
    unpend: [] as { factKey: string; version: number }[],
    consultations: 0,
    deliveries: 0,
  };
  for (const key of batch.keys) {
    const old = stored.get(key);
    const incoming = batch.consultations.get(key);
    const part = incoming !== undefined && (old === undefined || incoming.version >= old.part.version) ? incoming : old?.part;
    const batchDeliveries = batch.deliveriesOf.get(key) ?? [];
    if (part === undefined) {
      plan.pend.push(...batchDeliveries);
      plan.deliveries += batchDeliveries.length;
      continue;
    }
    for (const d of batchDeliveries) if (d.version > part.version) plan.pend.push(d);
    const pendingOfVersion = pending.get(`${key}/${part.version}`);
    if (pendingOfVersion) plan.unpend.push({ factKey: key, version: part.version });
    const delivery = batch.deliveries.get(`${key}/${part.version}`) ?? (old?.part.version === part.version ? old.delivery : null) ?? pendingOfVersion ?? null;
    const next: StoredFact = { part, delivery, placement: resolver.whereWas(part.practiceOds, part.consultationDate) };
    const values = factRowValues(next);
    if (old !== undefined && JSON.stringify(factRowValues(old)) === JSON.stringify(values)) continue;
    if (old !== undefined) plan.deltas.add(old, -1);
    plan.deltas.add(next, 1);
    plan.factRows.push(values);
    if (part === incoming) plan.consultations += 1;
    plan.deliveries += batchDeliveries.filter((d) => d.version >= part.version).length;
  }
  return plan;
}
