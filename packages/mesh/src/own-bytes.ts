/**
 * A copy of `bytes` in memory of its own, for a message body kept beyond the call that read it.
 * A response or request body is a view of its socket's read buffer, and any Buffer under 32 KB
 * (Buffer.concat's result, gunzip's output) a slice of Node's shared 64 KB pool slab: kept as they
 * came, each 2-14 KB MESH body held a whole 64 KB alive. The simulator's store of MESH chunks grew to
 * 122 MB of such buffers; delivery, holding a page of ~3 KB ITK3 acks, reached 27 MB of ArrayBuffers
 * in the benchmark's MESH phase (16 MB with its bodies copied and matched as they arrive).
 */
export function ownBytes(bytes: Buffer): Buffer {
  const own = Buffer.allocUnsafeSlow(bytes.length);
  bytes.copy(own);
  return own;
}
