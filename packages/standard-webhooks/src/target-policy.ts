import { type AddressBytes, type AddressKind, classifyAddress, embeddedIPv4, inRange, parseAddress, parseCidr } from './ip-address';

/**
 * Where webhooks may be sent. The safe default (STRICT_TARGET_POLICY) is https to public
 * addresses only; development relaxes it (config WEBHOOK_ALLOW_HTTP, WEBHOOK_ALLOW_PRIVATE_TARGETS,
 * WEBHOOK_ALLOWED_CIDRS).
 */
export interface WebhookTargetPolicy {
  /** Allow http:// URLs (development: a receiver on loopback or the compose network). */
  readonly allowHttp: boolean;
  /**
   * Allow private (10/8, 172.16/12, 192.168/16), loopback, carrier-grade NAT and unique-local
   * targets. Link-local (169.254/16 with the cloud metadata service, fe80::/10), unspecified,
   * multicast, broadcast, documentation and reserved addresses stay refused: allow them, if ever,
   * one range at a time with allowCidrs.
   */
  readonly allowPrivate: boolean;
  /** Ranges (`a.b.c.d/n`, `x::/n` or single addresses) allowed whatever their kind. */
  readonly allowCidrs: readonly string[];
}

export const STRICT_TARGET_POLICY: WebhookTargetPolicy = { allowHttp: false, allowPrivate: false, allowCidrs: [] };

const LIFTED_BY_ALLOW_PRIVATE: ReadonlySet<AddressKind> = new Set<AddressKind>(['private', 'loopback', 'shared', 'unique-local']);

/** Parses a comma-separated CIDR list (config WEBHOOK_ALLOWED_CIDRS); throws naming the first bad entry. */
export function parseAllowedCidrs(text: string): string[] {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) if (!parseCidr(entry)) throw new TypeError(`not an IP address or CIDR range: ${entry}`);
  return entries;
}

function allowedByCidr(bytes: AddressBytes, policy: WebhookTargetPolicy): boolean {
  // An IPv6 form of an IPv4 address reaches that IPv4 address, so an IPv4 range covers it too.
  const forms = [bytes, embeddedIPv4(bytes)].filter((form): form is AddressBytes => form !== undefined);
  return policy.allowCidrs.some((cidr) => {
    const parsed = parseCidr(cidr);
    return parsed !== undefined && forms.some((form) => inRange(form, parsed.bytes, parsed.prefix));
  });
}

/** Why an address may not be a webhook target under the policy; undefined when it may. */
export function addressProblem(address: string, policy: WebhookTargetPolicy): string | undefined {
  const bytes = parseAddress(address);
  if (!bytes) return 'not an IP address';
  if (allowedByCidr(bytes, policy)) return undefined;
  const kind = classifyAddress(bytes);
  if (kind === 'public') return undefined;
  if (policy.allowPrivate && LIFTED_BY_ALLOW_PRIVATE.has(kind)) return undefined;
  return `the target address is ${kind}, not public`;
}

/** True when a connection to `address` must be refused (anything not public, unless the policy allows it). */
export function isBlockedAddress(address: string, policy: WebhookTargetPolicy): boolean {
  return addressProblem(address, policy) !== undefined;
}

export type UrlCheck = { readonly ok: true; readonly url: URL } | { readonly ok: false; readonly problem: string };

const MAX_URL_LENGTH = 2_048;

/**
 * Checks a webhook URL at registration and again before each request (the policy may have
 * changed, and a literal IP host never goes through safeLookup: Node connects to it directly).
 * Names are resolved only at connect time, through safeLookup.
 */
export function checkWebhookUrl(text: string, policy: WebhookTargetPolicy): UrlCheck {
  const refuse = (problem: string): UrlCheck => ({ ok: false, problem });
  if (text.length > MAX_URL_LENGTH) return refuse(`the URL is longer than ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refuse('not an absolute URL');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowHttp)) {
    return refuse(policy.allowHttp ? 'the URL must use https or http' : 'the URL must use https');
  }
  if (url.username !== '' || url.password !== '') return refuse('the URL must not contain a user name or password');
  if (url.hash !== '' || text.includes('#')) return refuse('the URL must not contain a fragment');
  // WHATWG parsing has already turned 0x7f.1, 2130706433 and the like into dotted quads.
  const host = url.hostname;
  if (host === '') return refuse('the URL has no host');
  if (parseAddress(host)) {
    const problem = addressProblem(host, policy);
    return problem ? refuse(problem) : { ok: true, url };
  }
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  if (!policy.allowPrivate) {
    if (name === 'localhost' || name.endsWith('.localhost')) return refuse('the target address is loopback, not public');
    // A single-label name resolves through the local search domains: an internal host.
    if (!name.includes('.')) return refuse('the host must be a fully qualified domain name');
  }
  return { ok: true, url };
}
