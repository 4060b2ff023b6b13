import { type AcceptanceDecision, type AcceptedVersion, decideAcceptance } from './acceptance-rule';

/** Consultation ids remembered per mapper instance: hours of national traffic; older ones are long settled. */
export const GATE_MEMORY = 100_000;

/**
 * The contract's acceptance rule applied to consultations.v1 as the mapper reads it. With several
 * ingest instances, two submissions of one consultation id and version can both reach the topic
 * (they race before either can see the other); ingest answers the second 409 (or as a replay), and
 * here the first on the partition wins too, so a refused body never reaches a GP, and a duplicate
 * is mapped once. What a batch decides is remembered only once its outputs are durable, so a batch
 * delivered again after a failed send is judged exactly as the first time.
 */
export interface AcceptanceGate {
  /** A batch's view: judgements against what is remembered plus what this batch admitted so far. */
  batch(): BatchGate;
}

export interface BatchGate {
  judge(consultationId: string, candidate: AcceptedVersion): AcceptanceDecision;
  /** Remembers what this batch admitted (call once its outputs are durable). */
  commit(): void;
}

export function createAcceptanceGate(capacity = GATE_MEMORY): AcceptanceGate {
  const remembered = new Map<string, AcceptedVersion>();
  return {
    batch() {
      const admitted = new Map<string, AcceptedVersion>();
      return {
        judge(consultationId, candidate) {
          const decision = decideAcceptance(admitted.get(consultationId) ?? remembered.get(consultationId), candidate);
          if (decision.kind === 'publish') admitted.set(consultationId, candidate);
          return decision;
        },
        commit() {
          for (const [id, accepted] of admitted) {
            remembered.delete(id);
            remembered.set(id, accepted);
          }
          for (const oldest of remembered.keys()) {
            if (remembered.size <= capacity) break;
            remembered.delete(oldest);
          }
        },
      };
    },
  };
}
