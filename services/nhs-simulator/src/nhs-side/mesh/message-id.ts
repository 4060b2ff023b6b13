import { randomBytes } from 'node:crypto';

/** MESH-style message id: `yyyyMMddHHmmssSSS` + 3 digits, `_`, 6 upper-case hex (e.g. 20200601122152994285_D59900). */
export function meshMessageId(now: Date, sequence: number): string {
  const iso = now.toISOString().replace(/\D/g, '').slice(0, 17);
  return `${iso}${String(sequence % 1000).padStart(3, '0')}_${randomBytes(3).toString('hex').toUpperCase()}`;
}
