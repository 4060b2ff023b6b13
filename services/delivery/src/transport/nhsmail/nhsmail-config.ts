import { z } from 'zod';
import type { NhsmailTransportOptions } from './nhsmail-transport';

const int = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

/**
 * Environment for the NHSmail fallback (spread into the delivery config schema). Unset
 * NHSMAIL_SMTP_HOST: no NHSmail transport, fallback messages are parked for an operator.
 * NHSmail itself is send.nhs.net:587 with STARTTLS and an NHSmail account; dev and tests use the
 * loopback sink from infra/smtp (no TLS, no auth).
 */
export const nhsmailEnv = {
  NHSMAIL_SMTP_HOST: z.string().min(1).optional(),
  NHSMAIL_SMTP_PORT: int(1, 65_535, 587),
  /** Implicit TLS from the first byte (port 465); false: plain connection upgraded by STARTTLS. */
  NHSMAIL_SMTP_SECURE: z.stringbool().default(false),
  /** Refuse to send unless STARTTLS succeeds (true for NHSmail; false only for the loopback sink). */
  NHSMAIL_SMTP_REQUIRE_TLS: z.stringbool().default(true),
  NHSMAIL_SMTP_USER: z.string().min(1).optional(),
  /** Or NHSMAIL_SMTP_PASSWORD_FILE. */
  NHSMAIL_SMTP_PASSWORD: z.string().min(1).optional(),
  /** Our NHSmail address, the sender of every summary. */
  NHSMAIL_FROM: z.email().default('firstsync@nhs.test'),
  /** Connection, greeting and socket inactivity limit for one send. */
  NHSMAIL_TIMEOUT_MS: int(100, 300_000, 30_000),
};

export type NhsmailEnv = z.output<z.ZodObject<typeof nhsmailEnv>>;

/** Transport options from the environment, or null when NHSmail is not configured (fallbacks are parked). */
export function nhsmailOptionsFromEnv(env: NhsmailEnv): NhsmailTransportOptions | null {
  if (!env.NHSMAIL_SMTP_HOST) return null;
  return {
    host: env.NHSMAIL_SMTP_HOST,
    port: env.NHSMAIL_SMTP_PORT,
    secure: env.NHSMAIL_SMTP_SECURE,
    requireTls: env.NHSMAIL_SMTP_REQUIRE_TLS,
    auth: env.NHSMAIL_SMTP_USER && env.NHSMAIL_SMTP_PASSWORD ? { user: env.NHSMAIL_SMTP_USER, pass: env.NHSMAIL_SMTP_PASSWORD } : undefined,
    from: env.NHSMAIL_FROM,
    timeoutMs: env.NHSMAIL_TIMEOUT_MS,
  };
}
