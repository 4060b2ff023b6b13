import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256 over labelled parts (NUL-separated, so parts cannot run into each other), base64url. */
export function hmac(secret: string, label: string, ...parts: string[]): string {
  return createHmac('sha256', secret)
    .update([label, ...parts].join('\0'))
    .digest('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
