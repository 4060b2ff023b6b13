/**
 * The change feed's resumable cursor: the position in pharmacy.events.v1 of the last event a
 * client has (a pharmacy's events share one partition, so its offsets order them). Opaque to
 * clients (base64url of `v1:<partition>:<offset>`) so the encoding can change behind a new prefix.
 */
export interface FeedCursor {
  readonly partition: number;
  /** A Kafka offset as a decimal string (64-bit). */
  readonly offset: string;
}

const PLAIN = /^v1:(0|[1-9][0-9]{0,8}):(0|[1-9][0-9]{0,18})$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const MAX_OFFSET = 2n ** 63n - 1n;
const MAX_CURSOR_LENGTH = 64;

export function encodeFeedCursor(cursor: FeedCursor): string {
  return Buffer.from(`v1:${cursor.partition}:${cursor.offset}`, 'utf8').toString('base64url');
}

/** The cursor, or undefined for anything `encodeFeedCursor` could not have produced. */
export function decodeFeedCursor(text: string): FeedCursor | undefined {
  if (text.length === 0 || text.length > MAX_CURSOR_LENGTH || !BASE64URL.test(text)) return undefined;
  const plain = Buffer.from(text, 'base64url').toString('utf8');
  const match = PLAIN.exec(plain);
  if (!match) return undefined;
  const [, partition = '', offset = ''] = match;
  if (BigInt(offset) > MAX_OFFSET) return undefined;
  const cursor = { partition: Number(partition), offset };
  // Only the canonical spelling: base64url has several texts for some byte strings (unused bits).
  return encodeFeedCursor(cursor) === text ? cursor : undefined;
}
