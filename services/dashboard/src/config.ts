import { hostEnv, kafkaEnv, loadConfig, logEnv, port } from '@firstsync/config';
import { z } from 'zod';
import { type DashboardUser, DEV_DEFAULT_USERS, usersJsonSchema } from './auth/users';

const positiveInt = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

export const dashboardEnvSchema = z.object({
  ...hostEnv,
  PORT: port(8081),
  ...logEnv,
  ...kafkaEnv,
  /** JSON [{username, role: viewer|operator, passwordHash}] (or DASHBOARD_USERS_FILE). */
  DASHBOARD_USERS: usersJsonSchema.optional(),
  /** Signs session cookies (or DASHBOARD_SESSION_SECRET_FILE); at least 32 characters. */
  DASHBOARD_SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Secure cookies (and HSTS): set when the dashboard is served over https (directly or behind a proxy). */
  DASHBOARD_COOKIE_SECURE: z.stringbool().default(false),
  /** Trust X-Forwarded-* from a reverse proxy (needed for the client address behind one). */
  DASHBOARD_TRUST_PROXY: z.stringbool().default(false),
  DASHBOARD_SESSION_IDLE_MINUTES: positiveInt(30),
  DASHBOARD_SESSION_MAX_HOURS: positiveInt(12),
  /** Sessions one user may hold at once; signing in once more ends that user's oldest. */
  DASHBOARD_SESSIONS_PER_USER: positiveInt(5),
  /** Failed sign-ins (per account, per client address) before each further attempt waits (1 s, doubling). */
  DASHBOARD_LOGIN_MAX_FAILURES: positiveInt(5),
  /** Failures are forgotten after this long without another; a client address waits at most half of it (15 minutes at most). */
  DASHBOARD_LOGIN_WINDOW_MINUTES: positiveInt(60),
  /** The longest wait an account's failures impose on browsers it has not signed in from (never a lock-out). */
  DASHBOARD_LOGIN_ACCOUNT_MAX_DELAY_SECONDS: positiveInt(60),
  /** Memory for the latest GP message per consultation, shown (masked) on the detail page; oldest dropped first. */
  DASHBOARD_MESSAGE_CACHE_MB: positiveInt(64),
});

export type DashboardConfig = z.output<typeof dashboardEnvSchema>;

/** DASHBOARD_USERS, or the documented demo users when it is not set (main warns). */
export function usersOf(config: Pick<DashboardConfig, 'DASHBOARD_USERS'>): readonly DashboardUser[] {
  return config.DASHBOARD_USERS ?? DEV_DEFAULT_USERS;
}

export function loadDashboardConfig(env: Record<string, string | undefined> = process.env): DashboardConfig {
  return loadConfig(dashboardEnvSchema, env);
}
