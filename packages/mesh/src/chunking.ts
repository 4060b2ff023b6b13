/** MESH's recommended chunk size (the hard limit is 100 MB per chunk). */
export const DEFAULT_CHUNK_SIZE_BYTES = 20 * 1024 * 1024;

/** Splits a payload into chunks of at most `size` bytes; an empty payload is one empty chunk. */
export function splitChunks(body: Buffer, size: number): Buffer[] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError('chunk size must be a positive integer');
  if (body.length <= size) return [body];
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < body.length; offset += size) chunks.push(body.subarray(offset, offset + size));
  return chunks;
}

/** `mex-chunk-range` is `<n>:<total>`, 1-based. */
export function formatChunkRange(chunk: number, total: number): string {
  return `${chunk}:${total}`;
}

export function parseChunkRange(value: string | undefined): { chunk: number; total: number } | null {
  if (value === undefined || value.trim() === '') return null;
  const match = /^\s*(\d+)\s*:\s*(\d+)\s*$/.exec(value);
  if (!match) return null;
  const chunk = Number(match[1]);
  const total = Number(match[2]);
  return chunk >= 1 && chunk <= total ? { chunk, total } : null;
}
