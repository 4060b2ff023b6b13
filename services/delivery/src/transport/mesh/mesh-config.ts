import { readFileSync } from 'node:fs';
import type { MeshClientOptions } from '@firstsync/mesh';
import { z } from 'zod';
import type { AckTimeouts } from './acks/ack-state';
import { DEFAULT_DONE_RETENTION } from './acks/ack-tracking-store';

const int = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);
const MINUTE = 60_000;

/**
 * Environment for the MESH transport (spread into the delivery config schema). Unset MESH_URL:
 * no MESH transport. Secrets also come as MESH_MAILBOX_PASSWORD_FILE / MESH_SHARED_KEY_FILE.
 */
export const meshEnv = {
  /** Scheme + host (+ port): https://msg.intspineservices.nhs.uk (INT), the simulator in dev. */
  MESH_URL: z.url({ protocol: /^https?$/ }).optional(),
  MESH_MAILBOX_ID: z.string().min(1).default('FIRSTSYNC01'),
  MESH_MAILBOX_PASSWORD: z.string().min(1).default('password'),
  MESH_SHARED_KEY: z.string().min(1).default('TestKey'),
  /** Mutual TLS (PEM files); required by real MESH, optional for the plain-HTTP simulator. */
  MESH_CLIENT_CERT_FILE: z.string().min(1).optional(),
  MESH_CLIENT_KEY_FILE: z.string().min(1).optional(),
  MESH_CA_FILE: z.string().min(1).optional(),
  /** Per HTTP request, body included. */
  MESH_TIMEOUT_MS: int(100, 300_000, 30_000),
  /** Uploads larger than this go in chunks (MESH: 100 MB max per chunk; 20 MB is the usual choice). */
  MESH_CHUNK_SIZE_BYTES: int(1_024, 100_000_000, 20_000_000),
  /** DOB order in GPPROVIDER_ addresses; guides disagree (docs/known-spec-pitfalls.md#date-of-birth-order-in-gpprovider-addresses): confirm in INT. */
  MESH_GPPROVIDER_DOB_FORMAT: z.enum(['YYYYMMDD', 'DDMMYYYY']).default('YYYYMMDD'),
  MESH_POLL_INTERVAL_MS: int(100, 3_600_000, 30_000),
  /** No infrastructure ack (20013 or negative) within this: resend, then the fallback. */
  MESH_INF_ACK_TIMEOUT_MS: int(1_000, 7 * 24 * 60 * MINUTE, 60 * MINUTE),
  /** 20013 but no business ack within this: the fallback. */
  MESH_BUS_ACK_TIMEOUT_MS: int(1_000, 7 * 24 * 60 * MINUTE, 4 * 60 * MINUTE),
  MESH_MAX_RESENDS: int(0, 10, 1),
  /** Finished messages are remembered this long so late acks are still recorded. */
  MESH_KEEP_DONE_MS: int(0, 30 * 24 * 60 * MINUTE, DEFAULT_DONE_RETENTION.keepDoneMs),
  /** ... and at most this many (~0.9 KB of heap each); past it, those the GP system answered are forgotten first. */
  MESH_KEEP_DONE_MAX: int(0, 1_000_000, DEFAULT_DONE_RETENTION.maxDone),
  /** A practice's endpoint lookup answer (mailboxes for Update Record) is trusted this long; 0 = ask before every send. */
  MESH_ENDPOINT_LOOKUP_TTL_MS: int(0, 7 * 24 * 60 * MINUTE, 60 * MINUTE),
  /** The lookup is given up after this and the message is sent anyway (MESH routing answers). */
  MESH_ENDPOINT_LOOKUP_TIMEOUT_MS: int(100, 60_000, 5_000),
  /**
   * Who drains the MESH inbox when several delivery instances share the mailbox: 'group' (default)
   * makes exactly one of them the owner through a Kafka consumer group (acks/inbox-ownership.ts);
   * 'solo' polls from this instance unconditionally (one instance only).
   */
  MESH_INBOX_OWNERSHIP: z.enum(['group', 'solo']).default('group'),
  /** 'group': an inbox message matching no tracked upload is left this long (the uploader's `sent` event may be on its way), then dropped. */
  MESH_UNMATCHED_GRACE_MS: int(0, 24 * 60 * MINUTE, 10 * MINUTE),
};

export type MeshEnv = z.output<z.ZodObject<typeof meshEnv>>;

export function meshClientOptionsFromEnv(env: MeshEnv): MeshClientOptions | null {
  if (!env.MESH_URL) return null;
  const cert = env.MESH_CLIENT_CERT_FILE;
  const key = env.MESH_CLIENT_KEY_FILE;
  return {
    baseUrl: env.MESH_URL,
    credentials: { mailboxId: env.MESH_MAILBOX_ID, password: env.MESH_MAILBOX_PASSWORD, sharedKey: env.MESH_SHARED_KEY },
    ...(cert && key ? { tls: { cert: readFileSync(cert), key: readFileSync(key), ...(env.MESH_CA_FILE ? { ca: readFileSync(env.MESH_CA_FILE) } : {}) } } : {}),
    timeoutMs: env.MESH_TIMEOUT_MS,
    chunkSizeBytes: env.MESH_CHUNK_SIZE_BYTES,
  };
}

export function ackTimeoutsFromEnv(env: MeshEnv): AckTimeouts {
  return { infAckTimeoutMs: env.MESH_INF_ACK_TIMEOUT_MS, busAckTimeoutMs: env.MESH_BUS_ACK_TIMEOUT_MS, maxResends: env.MESH_MAX_RESENDS };
}
