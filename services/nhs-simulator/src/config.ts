import { hostEnv, loadConfig, logEnv, port } from '@firstsync/config';
import { z } from 'zod';

export const nhsSimulatorConfigSchema = z.object({
  // A test double with an unauthenticated admin API: loopback only unless someone deliberately overrides it.
  ...hostEnv,
  ...logEnv,
  PORT: port(8090),
  /** Largest message Bundle accepted; real ITK3 messages are tens of kilobytes. */
  SIMULATOR_BODY_LIMIT_BYTES: z.coerce.number().int().min(1_024).max(50_000_000).default(5_000_000),
  /**
   * Message bodies kept for inspection (FHIR REST Bundles on /admin/received, MESH message bodies
   * once their recipient acknowledged them): the most recent this many. Receipt metadata is kept
   * for every message; only the bodies are bounded, so a long run does not grow without limit.
   */
  SIMULATOR_KEEP_BODIES: z.coerce.number().int().min(0).max(1_000_000).default(200),
  /**
   * Webhook events each simulated pharmacy system keeps (the latest; duplicates are recognised among
   * ten times as many ids). A long chaos run raises it to judge every event it sent.
   */
  SIMULATOR_PHARMACY_KEEP_EVENTS: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
});

export type NhsSimulatorConfig = z.output<typeof nhsSimulatorConfigSchema>;

export function loadNhsSimulatorConfig(env: Record<string, string | undefined> = process.env): NhsSimulatorConfig {
  return loadConfig(nhsSimulatorConfigSchema, env);
}
