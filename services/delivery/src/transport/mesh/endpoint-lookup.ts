import { type Clock, systemClock } from '@firstsync/contracts';
import { isMeshError, type MeshClient, WORKFLOW } from '@firstsync/mesh';

/**
 * What MESH endpoint lookup says about a practice and the Update Record workflow. `not-asked`: no
 * lookup was made (no MESH client, or the answer was not needed).
 */
export type EndpointAnswer =
  | { readonly kind: 'mailboxes'; readonly count: number }
  | { readonly kind: 'failed'; readonly reason: string }
  | { readonly kind: 'not-asked' };

export interface EndpointLookupOptions {
  readonly client: Pick<MeshClient, 'lookupEndpoint'>;
  /** How long an answer is trusted (practices change their MESH set-up rarely). */
  readonly ttlMs: number;
  /** The lookup is given up after this (the upload has its own, longer, timeout). */
  readonly timeoutMs: number;
  readonly clock?: Clock;
}

/** A failure is remembered this long at most, so an unreachable MESH does not add a lookup timeout to every attempt. */
const FAILURE_TTL_CAP_MS = 60_000;
const MAX_REASON = 200;

function reasonOf(error: unknown): string {
  // The MESH client's errors carry no patient data (never an address or subject); anything else
  // thrown here is ours, and its text is not copied.
  const text = isMeshError(error) ? error.message : 'endpoint lookup could not be made';
  return text.length > MAX_REASON ? `${text.slice(0, MAX_REASON)}...` : text;
}

/**
 * MESH endpoint lookup for GPCONNECT_UPDATE_RECORD, per practice, cached for `ttlMs`; concurrent
 * lookups of one practice share one call. A failure is an answer too (`failed`): the caller sends
 * anyway and lets MESH routing answer, so a lookup can never hold a message back.
 */
export function createEndpointLookup(options: EndpointLookupOptions): (practiceOds: string) => Promise<EndpointAnswer> {
  const clock = options.clock ?? systemClock;
  const cache = new Map<string, { readonly answer: EndpointAnswer; readonly expiresAt: number }>();
  const inFlight = new Map<string, Promise<EndpointAnswer>>();

  async function ask(practiceOds: string): Promise<EndpointAnswer> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<EndpointAnswer>((resolve) => {
      timer = setTimeout(() => resolve({ kind: 'failed', reason: `no answer within ${options.timeoutMs} ms` }), options.timeoutMs);
    });
    const lookup = options.client.lookupEndpoint(practiceOds, WORKFLOW.updateRecord).then(
      (results): EndpointAnswer => ({ kind: 'mailboxes', count: results.length }),
      (error: unknown): EndpointAnswer => ({ kind: 'failed', reason: reasonOf(error) }),
    );
    try {
      return await Promise.race([lookup, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  return async (practiceOds) => {
    const now = clock.now().getTime();
    const cached = cache.get(practiceOds);
    if (cached && cached.expiresAt > now) return cached.answer;
    const pending = inFlight.get(practiceOds);
    if (pending) return pending;
    const call = ask(practiceOds).then((answer) => {
      const ttl = answer.kind === 'failed' ? Math.min(options.ttlMs, FAILURE_TTL_CAP_MS) : options.ttlMs;
      if (ttl > 0) cache.set(practiceOds, { answer, expiresAt: clock.now().getTime() + ttl });
      return answer;
    });
    inFlight.set(practiceOds, call);
    try {
      return await call;
    } finally {
      inFlight.delete(practiceOds);
    }
  };
}
