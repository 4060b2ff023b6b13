/** What the rule needs of the version already accepted for a consultation id. */
export interface AcceptedVersion {
  readonly version: number;
  /** sha256 (base64) of the canonical JSON of the parsed consultation (consultationFingerprint). */
  readonly fingerprint: string;
  /** The pharmacy whose key submitted it: only that pharmacy may amend or read it. */
  readonly pharmacyOds: string;
}

export type Submission = AcceptedVersion;

export type AcceptanceDecision<T extends AcceptedVersion = AcceptedVersion> =
  | { readonly kind: 'publish'; readonly amendment: boolean }
  | { readonly kind: 'replay'; readonly accepted: T }
  | { readonly kind: 'other-pharmacy' }
  | { readonly kind: 'version-conflict'; readonly acceptedVersion: number }
  | { readonly kind: 'stale-version'; readonly acceptedVersion: number };

/**
 * The contract's idempotency rules (docs/consultation-contract.md#idempotency-and-versions), pure:
 * same id + version + content -> answer again; same id + version, other content -> conflict;
 * higher version -> amendment; lower version -> conflict. A consultation id belongs to the
 * pharmacy that first used it. Ingest answers by it; with several ingest instances the first record
 * on the partition of consultations.v1 wins by it, and the mapper drops what it refuses.
 */
export function decideAcceptance<T extends AcceptedVersion>(latest: T | undefined, submission: Submission): AcceptanceDecision<T> {
  if (latest === undefined) return { kind: 'publish', amendment: false };
  if (latest.pharmacyOds !== submission.pharmacyOds) return { kind: 'other-pharmacy' };
  if (submission.version > latest.version) return { kind: 'publish', amendment: true };
  if (submission.version < latest.version) return { kind: 'stale-version', acceptedVersion: latest.version };
  if (submission.fingerprint === latest.fingerprint) return { kind: 'replay', accepted: latest };
  return { kind: 'version-conflict', acceptedVersion: latest.version };
}
