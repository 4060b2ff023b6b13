import { isIPv4, isIPv6 } from 'node:net';

/** An address as its bytes: 4 for IPv4, 16 for IPv6. */
export type AddressBytes = readonly number[];

/**
 * What an address is for, after the IANA special-purpose registries. Only `public` is a safe
 * webhook target by default.
 */
export type AddressKind =
  | 'public'
  | 'private'
  | 'loopback'
  | 'link-local'
  | 'shared'
  | 'unique-local'
  | 'unspecified'
  | 'multicast'
  | 'broadcast'
  | 'documentation'
  | 'reserved'
  | 'invalid';

/** Parses an IP literal (IPv6 with or without brackets or a zone id); undefined when it is not one. */
export function parseAddress(text: string): AddressBytes | undefined {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (isIPv4(bare)) return bare.split('.').map(Number);
  const unzoned = bare.split('%')[0] ?? '';
  if (!isIPv6(unzoned)) return undefined;
  return parseIPv6(unzoned);
}

function parseIPv6(text: string): AddressBytes | undefined {
  // net.isIPv6 has validated it: at most one '::', a dotted quad only at the end.
  const groupsOf = (part: string): number[] => {
    if (part === '') return [];
    const out: number[] = [];
    for (const group of part.split(':')) {
      if (group.includes('.')) {
        const [a = 0, b = 0, c = 0, d = 0] = group.split('.').map(Number);
        out.push((a << 8) | b, (c << 8) | d);
      } else out.push(Number.parseInt(group, 16));
    }
    return out;
  };
  const [head = '', tail] = text.split('::');
  const before = groupsOf(head);
  const after = tail === undefined ? [] : groupsOf(tail);
  const missing = 8 - before.length - after.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return undefined;
  const groups = [...before, ...Array<number>(missing).fill(0), ...after];
  return groups.flatMap((g) => [g >> 8, g & 0xff]);
}

/** Parses `a.b.c.d/n`, `x::/n` or a single address (a /32 or /128). */
export function parseCidr(text: string): { readonly bytes: AddressBytes; readonly prefix: number } | undefined {
  const [address = '', prefixText, extra] = text.trim().split('/');
  if (extra !== undefined) return undefined;
  const bytes = parseAddress(address);
  if (!bytes) return undefined;
  const bits = bytes.length * 8;
  if (prefixText === undefined) return { bytes, prefix: bits };
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  return prefix <= bits ? { bytes, prefix } : undefined;
}

/** True when `bytes` lies in the range `base`/`prefix` (same family only). */
export function inRange(bytes: AddressBytes, base: AddressBytes, prefix: number): boolean {
  if (bytes.length !== base.length) return false;
  for (let bit = 0; bit < prefix; bit += 8) {
    const index = bit / 8;
    const take = Math.min(8, prefix - bit);
    const mask = (0xff << (8 - take)) & 0xff;
    if (((bytes[index] ?? 0) & mask) !== ((base[index] ?? 0) & mask)) return false;
  }
  return true;
}

function range(cidr: string): { bytes: AddressBytes; prefix: number } {
  const parsed = parseCidr(cidr);
  if (!parsed) throw new Error(`bad built-in range ${cidr}`);
  return parsed;
}

const IPV4_RANGES: ReadonlyArray<{ readonly bytes: AddressBytes; readonly prefix: number; readonly kind: AddressKind }> = (
  [
    ['0.0.0.0/8', 'unspecified'], // "this network": 0.0.0.0 reaches the local host on Linux
    ['10.0.0.0/8', 'private'],
    ['100.64.0.0/10', 'shared'], // carrier-grade NAT
    ['127.0.0.0/8', 'loopback'],
    ['169.254.0.0/16', 'link-local'], // includes the cloud metadata service 169.254.169.254
    ['172.16.0.0/12', 'private'],
    ['192.0.0.0/24', 'reserved'],
    ['192.0.2.0/24', 'documentation'],
    ['192.88.99.0/24', 'reserved'], // 6to4 relay anycast
    ['192.168.0.0/16', 'private'],
    ['198.18.0.0/15', 'reserved'], // benchmarking
    ['198.51.100.0/24', 'documentation'],
    ['203.0.113.0/24', 'documentation'],
    ['224.0.0.0/4', 'multicast'],
    ['255.255.255.255/32', 'broadcast'],
    ['240.0.0.0/4', 'reserved'],
  ] as const
).map(([cidr, kind]) => ({ ...range(cidr), kind }));

/** IPv6 ranges that carry an IPv4 address in their last 32 bits: they are what that IPv4 address is. */
const EMBEDS_IPV4_LAST = [range('::ffff:0:0/96'), range('::/96'), range('64:ff9b::/96')];
const SIX_TO_FOUR = range('2002::/16');
const UNSPECIFIED_OR_LOOPBACK = range('::/127');

const IPV6_RANGES: ReadonlyArray<{ readonly bytes: AddressBytes; readonly prefix: number; readonly kind: AddressKind }> = (
  [
    ['::/128', 'unspecified'],
    ['::1/128', 'loopback'],
    ['fc00::/7', 'unique-local'],
    ['fe80::/10', 'link-local'],
    ['fec0::/10', 'private'], // deprecated site-local
    ['ff00::/8', 'multicast'],
    ['2001:db8::/32', 'documentation'],
    ['3fff::/20', 'documentation'],
    ['2001::/23', 'reserved'], // IETF protocol assignments, Teredo (a tunnel to an obfuscated IPv4)
  ] as const
).map(([cidr, kind]) => ({ ...range(cidr), kind }));
const GLOBAL_UNICAST = range('2000::/3');

/**
 * The IPv4 address an IPv6 address stands for, if any: IPv4-mapped (::ffff:a.b.c.d, also in hex),
 * IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96) and 6to4 (2002:AABB:CCDD::).
 */
export function embeddedIPv4(bytes: AddressBytes): AddressBytes | undefined {
  if (bytes.length !== 16) return undefined;
  // :: and ::1 lie in ::/96 but are IPv6's own unspecified and loopback addresses.
  if (inRange(bytes, UNSPECIFIED_OR_LOOPBACK.bytes, UNSPECIFIED_OR_LOOPBACK.prefix)) return undefined;
  if (EMBEDS_IPV4_LAST.some((r) => inRange(bytes, r.bytes, r.prefix))) return bytes.slice(12);
  if (inRange(bytes, SIX_TO_FOUR.bytes, SIX_TO_FOUR.prefix)) return bytes.slice(2, 6);
  return undefined;
}

/** Classifies an IP literal; an IPv6 address embedding an IPv4 one is classified as that IPv4 address. */
export function classifyAddress(address: string | AddressBytes): AddressKind {
  const bytes = typeof address === 'string' ? parseAddress(address) : address;
  if (!bytes) return 'invalid';
  if (bytes.length === 4) return IPV4_RANGES.find((r) => inRange(bytes, r.bytes, r.prefix))?.kind ?? 'public';
  const v4 = embeddedIPv4(bytes);
  if (v4) return classifyAddress(v4);
  const special = IPV6_RANGES.find((r) => inRange(bytes, r.bytes, r.prefix));
  if (special) return special.kind;
  // Default deny: outside 2000::/3 nothing is global unicast (100::/64 discard, 64:ff9b:1::/48 local NAT64, ...).
  return inRange(bytes, GLOBAL_UNICAST.bytes, GLOBAL_UNICAST.prefix) ? 'public' : 'reserved';
}
