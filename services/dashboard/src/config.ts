import { randomBytes } from 'node:crypto';
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

export interface DashboardConfig {
  host: string;
  port: number;
  logLevel: string;
  kafka: z.output<z.ZodObject<typeof kafkaEnv>>;
  users: readonly DashboardUser[];
  /** True when DASHBOARD_USERS was not set and the demo users are in force: main warns. */
  usingDevUsers: boolean;
  sessionSecret: string;
  /** True when no secret was configured and one was generated: sessions do not survive a restart. */
  sessionSecretGenerated: boolean;
  cookieSecure: boolean;
  trustProxy: boolean;
  sessionIdleMs: number;
  sessionMaxMs: number;
  sessionsPerUser: number;
  loginMaxFailures: number;
  loginWindowMs: number;
  loginAccountMaxDelayMs: number;
  messageCacheBytes: number;
}

export function loadDashboardConfig(env: Record<string, string | undefined> = process.env): DashboardConfig {
  const raw = loadConfig(dashboardEnvSchema, env);
  const { HOST, PORT, LOG_LEVEL, DASHBOARD_USERS, DASHBOARD_SESSION_SECRET, ...rest } = raw;
  return {
    host: HOST,
    port: PORT,
    logLevel: LOG_LEVEL,
    kafka: {
      KAFKA_BROKERS: rest.KAFKA_BROKERS,
      KAFKA_TOPIC_PREFIX: rest.KAFKA_TOPIC_PREFIX,
      KAFKA_SSL: rest.KAFKA_SSL,
      KAFKA_SSL_CA_FILE: rest.KAFKA_SSL_CA_FILE,
      KAFKA_SASL_MECHANISM: rest.KAFKA_SASL_MECHANISM,
      KAFKA_SASL_USERNAME: rest.KAFKA_SASL_USERNAME,
      KAFKA_SASL_PASSWORD: rest.KAFKA_SASL_PASSWORD,
    },
    users: DASHBOARD_USERS ?? DEV_DEFAULT_USERS,
    usingDevUsers: DASHBOARD_USERS === undefined,
    sessionSecret: DASHBOARD_SESSION_SECRET ?? randomBytes(32).toString('base64url'),
    sessionSecretGenerated: DASHBOARD_SESSION_SECRET === undefined,
    cookieSecure: rest.DASHBOARD_COOKIE_SECURE,
    trustProxy: rest.DASHBOARD_TRUST_PROXY,
    sessionIdleMs: rest.DASHBOARD_SESSION_IDLE_MINUTES * 60_000,
    sessionMaxMs: rest.DASHBOARD_SESSION_MAX_HOURS * 3_600_000,
    sessionsPerUser: rest.DASHBOARD_SESSIONS_PER_USER,
    loginMaxFailures: rest.DASHBOARD_LOGIN_MAX_FAILURES,
    loginWindowMs: rest.DASHBOARD_LOGIN_WINDOW_MINUTES * 60_000,
    loginAccountMaxDelayMs: rest.DASHBOARD_LOGIN_ACCOUNT_MAX_DELAY_SECONDS * 1000,
    messageCacheBytes: rest.DASHBOARD_MESSAGE_CACHE_MB * 1_048_576,
  };
}
