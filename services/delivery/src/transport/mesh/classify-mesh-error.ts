import { isMeshError } from '@firstsync/mesh';
import { messageFault } from '../message-fault';
import type { TransportOutcome } from '../port';

/**
 * A failed MESH upload -> delivery outcome. The client's errors carry no patient data (never the
 * GPPROVIDER_ address or subject), so their messages can go into events as they are. A refused
 * token or certificate (401/403) is our configuration: retried (and circuit-broken) rather than
 * dead-lettering every consultation until someone fixes it.
 *
 * The client reports everything the far side did (an HTTP answer, a timeout, a refused or reset
 * connection, a reply it cannot read) as a MeshError. Anything else was thrown on our side before
 * the request left (Node refusing a header value such as `mex-subject`, a subject or body that
 * could not be built, a bug): a message fault, which must never count against the practice.
 */
export function classifyMeshError(error: unknown, durationMs: number): TransportOutcome {
  if (!isMeshError(error)) return messageFault(error, 'request', durationMs);
  switch (error.kind) {
    case 'http': {
      const http = error as typeof error & { status: number; authenticationFailed: boolean; detail: { code?: string } };
      const code = http.detail.code ? `mesh-${http.status}-${http.detail.code}` : `mesh-${http.status}`;
      const retryable = error.retryable || http.authenticationFailed;
      return { kind: retryable ? 'retryable' : 'permanent', code, message: error.message, durationMs };
    }
    case 'timeout':
      return { kind: 'retryable', code: 'timeout', message: error.message, durationMs };
    case 'network':
      return { kind: 'retryable', code: (error as typeof error & { code: string }).code, message: error.message, durationMs };
    case 'protocol':
      // The upload may or may not have happened; a resend keeps the identifiers, so a receiver that
      // got it answers 20007 (already delivered) rather than filing it twice.
      return { kind: 'retryable', code: 'mesh-protocol', message: error.message, durationMs };
  }
}
