import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { addressProblem, type WebhookTargetPolicy } from './target-policy';

/** Resolves a name to all its addresses (node's dns.lookup with `all: true`). */
export type Resolver = (hostname: string, options: LookupAllOptions, callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

export const BLOCKED_TARGET_CODE = 'ERR_WEBHOOK_BLOCKED_TARGET';

/** A connection refused because the name resolved to an address the policy forbids. */
export class BlockedTargetError extends Error {
  readonly code = BLOCKED_TARGET_CODE;
  constructor(problem: string) {
    super(`webhook target refused: ${problem}`);
    this.name = 'BlockedTargetError';
  }
}

/** True for a BlockedTargetError, also wrapped by the HTTP client (cause, AggregateError). */
export function isBlockedTargetError(err: unknown, seen = new Set<unknown>()): boolean {
  if (typeof err !== 'object' || err === null || seen.has(err)) return false;
  seen.add(err);
  if ((err as { code?: unknown }).code === BLOCKED_TARGET_CODE) return true;
  const { cause, errors } = err as { cause?: unknown; errors?: unknown };
  return isBlockedTargetError(cause, seen) || (Array.isArray(errors) && errors.some((inner) => isBlockedTargetError(inner, seen)));
}

/**
 * A dns.lookup-compatible function for an http(s).Agent's `lookup` (net/tls.connect). It
 * resolves every address of the name and refuses the connection when ANY of them is blocked; the
 * socket then connects to an address it was handed here, so a name that resolves differently
 * between the URL check and the connection (DNS rebinding) cannot reach a forbidden address.
 * A literal IP host never reaches a lookup function: checkWebhookUrl covers those.
 */
export function safeLookup(policy: WebhookTargetPolicy, resolve: Resolver = dnsLookup): LookupFunction {
  return (hostname: string, options: LookupOptions, callback) => {
    const { all, ...rest } = options;
    resolve(hostname, { ...rest, all: true }, (err, addresses) => {
      if (err) {
        callback(err, '');
        return;
      }
      const first = addresses[0];
      if (!first) {
        callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '');
        return;
      }
      for (const { address } of addresses) {
        const problem = addressProblem(address, policy);
        if (problem) {
          callback(new BlockedTargetError(problem), '');
          return;
        }
      }
      if (all) callback(null, addresses);
      else callback(null, first.address, first.family);
    });
  };
}
