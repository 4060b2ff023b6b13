import { z } from 'zod';

/**
 * How a simulated pharmacy system answers webhook deliveries, set per pharmacy for tests and chaos:
 * `accept` (2xx once verified), `fail` (every request answered `status`), `hang` (never answers:
 * the sender's timeout has to fire), `flaky` (the first `failFirst` deliveries of each webhook-id
 * are answered `status`, later ones handled normally: retries with the same id then succeed).
 */
export const receiverBehaviourSchema = z.strictObject({
  mode: z.enum(['accept', 'fail', 'hang', 'flaky']).default('accept'),
  status: z.int().min(400).max(599).default(503),
  failFirst: z.int().min(1).max(1_000).default(1),
});

export type ReceiverBehaviour = z.output<typeof receiverBehaviourSchema>;

export const defaultReceiverBehaviour = (): ReceiverBehaviour => receiverBehaviourSchema.parse({});
