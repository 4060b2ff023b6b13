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
  /**
   * Patients' NHS number and surname held for the reveal and the worklist (about 180 bytes of heap
   * each): the newest GP messages' only, the oldest dropped first; a reveal of an older one says it
   * is no longer held (and is audited like any other).
   */
  DASHBOARD_IDENTITIES_MAX: positiveInt(50_000),
  /** Consultations whose open follow-up the worklist remembers between page loads (a few hundred bytes each). */
  DASHBOARD_WORKLIST_CACHE_MAX: positiveInt(20_000),
  /**
   * Where the read model lives (or READ_STORE_URL_FILE): `postgres://…` for a PostgreSQL server,
   * `pglite:<dir>` for embedded PostgreSQL with its data in <dir>, `pglite:` for embedded in memory.
   * Unset: in this process's memory, rebuilt from the topics at every start (the default for now).
   */
  READ_STORE_URL: z.string().min(1).optional(),
  /** Schema of the read store's tables: several environments can share one server. */
  READ_STORE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/)
    .default('read_model'),
  /**
   * Where the outcomes figures live (issue #17; or OUTCOMES_STORE_URL_FILE). Unset: READ_STORE_URL's
   * server (a `pglite:<dir>` gets its own directory beside it, `<dir>-outcomes`: an embedded
   * database belongs to one client), or embedded in memory when that is unset too.
   */
  OUTCOMES_STORE_URL: z.string().min(1).optional(),
  /** Schema of the outcomes tables. */
  OUTCOMES_STORE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/)
    .default('outcomes'),
  /**
   * Load the synthetic ODS reference fixture (packages/outcomes/fixtures) at start when the store
   * holds no reference data yet, so a demo places its practices. Set false where the real files
   * are loaded (README: loading the ODS files).
   */
  OUTCOMES_LOAD_FIXTURE: z.stringbool().default(true),
});

export type DashboardConfig = z.output<typeof dashboardEnvSchema>;

/** DASHBOARD_USERS, or the documented demo users when it is not set (main warns). */
export function usersOf(config: Pick<DashboardConfig, 'DASHBOARD_USERS'>): readonly DashboardUser[] {
  return config.DASHBOARD_USERS ?? DEV_DEFAULT_USERS;
}

export function loadDashboardConfig(env: Record<string, string | undefined> = process.env): DashboardConfig {
  return loadConfig(dashboardEnvSchema, env);
}
