import { hash } from 'node:crypto';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

// A message mints ~20 ids, so per-id overhead dominates: the namespace is parsed once (there is
// one in practice) and names are hashed with the one-shot crypto.hash (Node >= 20.12, engines say
// >= 20.19) from a reused buffer rather than a Hash object and two Buffer copies per id.
const SCRATCH_SIZE = 1024;
const scratch = Buffer.alloc(SCRATCH_SIZE);
let scratchNamespace: string | undefined;

function loadNamespace(namespace: string): void {
  if (namespace === scratchNamespace) return;
  if (!isUuid(namespace)) throw new TypeError('namespace must be a UUID');
  scratch.write(namespace.replace(/-/g, ''), 0, 16, 'hex');
  scratchNamespace = namespace;
}

// Views of the scratch buffer by length, made once: a subarray per id was a measurable allocation.
const scratchViews: (Buffer | undefined)[] = [];

function scratchView(length: number): Buffer {
  let view = scratchViews[length];
  if (view === undefined) {
    view = scratch.subarray(0, length);
    scratchViews[length] = view;
  }
  return view;
}

/** namespace bytes (16) followed by the UTF-8 name, as RFC 4122 section 4.3 hashes them. */
function hashInput(name: string, namespace: string): Buffer {
  loadNamespace(namespace);
  // Worst case is 3 bytes per UTF-16 unit; longer names than the scratch holds get their own buffer.
  if (16 + name.length * 3 <= SCRATCH_SIZE) return scratchView(16 + scratch.write(name, 16, 'utf8'));
  return Buffer.concat([scratch.subarray(0, 16), Buffer.from(name, 'utf8')]);
}

// The RFC 4122 variant keeps the top two bits of byte 8 as 10: hex digit 16 becomes 8, 9, a or b.
const VARIANT_DIGIT = '89ab89ab89ab89ab';

/**
 * RFC 4122 name-based UUID, version 5 (SHA-1). Deterministic ids are what make a re-built message
 * byte-identical, so the GP side can de-duplicate a resend by its identifiers (docs/architecture.md#stable-message-identity).
 */
export function uuidV5(name: string, namespace: string): string {
  const hex = hash('sha1', hashInput(name, namespace), 'hex');
  // Version 5 in the high nibble of byte 6 (hex digit 12), the variant in byte 8 (hex digit 16).
  const variant = VARIANT_DIGIT[Number.parseInt(hex.charAt(16), 16)] ?? '8';
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
