import { z } from 'zod';

/**
 * How a simulated practice (its MESH set-up and GP system) behaves; set per practice through the
 * admin API. Defaults: on MESH, Update Record switched on, every patient registered, acks at once,
 * staff file by hand on the workflow inbox page.
 */
export const practiceBehaviourSchema = z.strictObject({
  /** MESH set-up: one mailbox for the workflow (ok), none (EPL-151) or several (EPL-150). */
  meshRouting: z.enum(['ok', 'no-mailbox', 'multiple-mailboxes']).default('ok'),
  /** The GP system never collects: MESH later reports the message undelivered (code 14). */
  collect: z.boolean().default(true),
  /** Delay before the undelivered report (stands for MESH's days-long expiry). */
  undeliveredAfterMs: z.int().min(0).max(600_000).default(0),
  /** false: the practice switched Update Record off, every message is answered 20010. */
  updateRecord: z.boolean().default(true),
  /** Patient match at this practice: registered (30001 on filing), unknown (30002), left (30003). */
  patient: z.enum(['registered', 'unknown', 'left']).default('registered'),
  /** Acks the GP system sends or never sends (a lost ack, to drive the sender's timeouts). */
  infAck: z.enum(['send', 'missing']).default('send'),
  busAck: z.enum(['send', 'missing']).default('send'),
  infAckDelayMs: z.int().min(0).max(600_000).default(0),
  busAckDelayMs: z.int().min(0).max(600_000).default(0),
  /** File every task on arrival (demo without clicking); off by default. */
  autoFile: z.boolean().default(false),
  /** The next `count` sends routed to this practice fail on the MESH API with `status`. */
  meshSendError: z
    .strictObject({ status: z.int().min(400).max(599).default(503), count: z.int().min(1).max(1_000_000).default(1) })
    .nullable()
    .default(null),
});

export type PracticeBehaviour = z.output<typeof practiceBehaviourSchema>;
export type PracticeBehaviourInput = z.input<typeof practiceBehaviourSchema>;

export const defaultBehaviour = (): PracticeBehaviour => practiceBehaviourSchema.parse({});
