import type { AcceptedRecord } from './store';

export interface Submission {
  readonly version: number;
  readonly fingerprint: string;
  readonly pharmacyOds: string;
}

export type Decision =
  | { readonly kind: 'publish'; readonly amendment: boolean }
  | { readonly kind: 'replay'; readonly accepted: AcceptedRecord }
  | { readonly kind: 'other-pharmacy' }
  | { readonly kind: 'version-conflict'; readonly acceptedVersion: number }
  | { readonly kind: 'stale-version'; readonly acceptedVersion: number };

/**
 * The contract's idempotency rules (docs/consultation-contract.md#idempotency-and-versions), pure:
 * same id + version + content -> answer again; same id + version, other content -> conflict;
 * higher version -> amendment; lower version -> conflict. A consultation id belongs to the
 * pharmacy that first used it.
 */
export function decide(latest: AcceptedRecord | undefined, submission: Submission): Decision {
  if (latest === undefined) return { kind: 'publish', amendment: false };
  if (latest.pharmacyOds !== submission.pharmacyOds) return { kind: 'other-pharmacy' };
  if (submission.version > latest.version) return { kind: 'publish', amendment: true };
  if (submission.version < latest.version) return { kind: 'stale-version', acceptedVersion: latest.version };
  if (submission.fingerprint === latest.fingerprint) return { kind: 'replay', accepted: latest };
  return { kind: 'version-conflict', acceptedVersion: latest.version };
}
