import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Password hashes in the configuration: `scrypt$N$r$p$saltB64$hashB64` (node:crypto scrypt).
 * Self-describing so the cost can be raised later without invalidating existing hashes.
 */
export const DEFAULT_SCRYPT = { N: 16_384, r: 8, p: 1, keyLength: 32, saltLength: 16 } as const;

interface ParsedHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

const HASH_FORMAT = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

export function parsePasswordHash(encoded: string): ParsedHash | undefined {
  const match = HASH_FORMAT.exec(encoded);
  const [, n, rText, pText, saltText, hashText] = match ?? [];
  if (saltText === undefined || hashText === undefined) return undefined;
  const [N, r, p] = [Number(n), Number(rText), Number(pText)];
  const salt = Buffer.from(saltText, 'base64');
  const hash = Buffer.from(hashText, 'base64');
  // N must be a power of two above 1 (scrypt's rule); bounds keep a hostile config from exhausting memory.
  const validN = N > 1 && N <= 1_048_576 && (N & (N - 1)) === 0;
  if (!validN || r < 1 || r > 32 || p < 1 || p > 16 || salt.length < 8 || hash.length < 16) return undefined;
  return { N, r, p, salt, hash };
}

function derive(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keyLength, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

function scryptOptions(N: number, r: number, p: number): ScryptOptions {
  return { N, r, p, maxmem: 256 * N * r * p + 1_048_576 };
}

export async function hashPassword(password: string, params: { N?: number; r?: number; p?: number } = {}): Promise<string> {
  const N = params.N ?? DEFAULT_SCRYPT.N;
  const r = params.r ?? DEFAULT_SCRYPT.r;
  const p = params.p ?? DEFAULT_SCRYPT.p;
  const salt = randomBytes(DEFAULT_SCRYPT.saltLength);
  const hash = await derive(password, salt, DEFAULT_SCRYPT.keyLength, scryptOptions(N, r, p));
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** Constant-time comparison of the derived key; false (never a throw) for a malformed hash. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parsed = parsePasswordHash(encoded);
  if (!parsed) return false;
  const candidate = await derive(password, parsed.salt, parsed.hash.length, scryptOptions(parsed.N, parsed.r, parsed.p));
  return candidate.length === parsed.hash.length && timingSafeEqual(candidate, parsed.hash);
}
