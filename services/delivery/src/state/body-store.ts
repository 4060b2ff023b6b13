import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Where one stored body sits. */
export interface BodyRef {
  readonly position: number;
  readonly length: number;
}

/**
 * Append-only storage for record values the message index must be able to hand back (a resend, a
 * release, a MESH acknowledgement needing the message again) but must not keep on the heap: a
 * GpMessage with its bundle is tens of kilobytes parsed, and the index holds one per consultation.
 */
export interface BodyStore {
  put(bytes: Buffer): BodyRef;
  get(ref: BodyRef): Buffer;
  /** Bytes written so far (superseded bodies included). */
  readonly bytes: number;
  close(): void;
}

/** Keeps bodies as Buffers: unit tests, and callers that want no file. */
export class MemoryBodyStore implements BodyStore {
  private readonly bodies = new Map<number, Buffer>();
  private next = 0;

  put(bytes: Buffer): BodyRef {
    const ref = { position: this.next, length: bytes.length };
    this.bodies.set(this.next, bytes);
    this.next += bytes.length;
    return ref;
  }

  get(ref: BodyRef): Buffer {
    const body = this.bodies.get(ref.position);
    if (!body) throw new Error(`no body at ${ref.position}`);
    return body;
  }

  get bytes(): number {
    return this.next;
  }

  close(): void {
    this.bodies.clear();
  }
}

/**
 * A scratch file, unlinked as soon as it is opened: the descriptor keeps it alive while the process
 * runs and the kernel reclaims it whatever way the process ends. It is a cache, not state: every
 * start rebuilds the index (and this file) from the topics. Its pages live in the page cache, not
 * in the process's heap or RSS. Superseded bodies are not reclaimed until the next start (the
 * topics' 14-day retention bounds what a start writes back).
 */
export class FileBodyStore implements BodyStore {
  private readonly fd: number;
  private end = 0;
  private closed = false;

  constructor(directory: string) {
    const path = join(directory, `firstsync-delivery-index-${randomUUID()}.bin`);
    this.fd = openSync(path, 'w+', 0o600);
    unlinkSync(path);
  }

  put(bytes: Buffer): BodyRef {
    if (this.closed) throw new Error('message index store is closed');
    const ref = { position: this.end, length: bytes.length };
    let written = 0;
    while (written < bytes.length) written += writeSync(this.fd, bytes, written, bytes.length - written, this.end + written);
    this.end += bytes.length;
    return ref;
  }

  get(ref: BodyRef): Buffer {
    if (this.closed) throw new Error('message index store is closed');
    const body = Buffer.allocUnsafe(ref.length);
    let read = 0;
    while (read < ref.length) {
      const n = readSync(this.fd, body, read, ref.length - read, ref.position + read);
      if (n === 0) throw new Error(`index body at ${ref.position} is truncated`);
      read += n;
    }
    return body;
  }

  get bytes(): number {
    return this.end;
  }

  /** Idempotent: a descriptor number closed twice could belong to another file by then. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}
