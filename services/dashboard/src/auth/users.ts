import { pharmacyOdsCodeSchema } from '@firstsync/contracts';
import { z } from 'zod';
import { parsePasswordHash } from './password';

/**
 * viewer and operator are firstsync's own ops staff (every consultation, identifiers masked);
 * pharmacy is a pharmacy's staff, bound to its one ODS code: they see only their own pharmacy's
 * follow-up worklist, where identifiers are shown (direct care).
 */
export const ROLES = ['viewer', 'operator', 'pharmacy'] as const;
export type Role = (typeof ROLES)[number];
export type OpsRole = Exclude<Role, 'pharmacy'>;

/** Who is signed in: the pharmacy role always carries the one pharmacy it may see. */
export type SessionUser = { username: string; role: OpsRole } | { username: string; role: 'pharmacy'; pharmacyOds: string };

export type DashboardUser = SessionUser & { passwordHash: string };

const username = z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/, 'username: 1-64 letters, digits or . _ @ -');
const passwordHash = z.string().refine((hash) => parsePasswordHash(hash) !== undefined, 'passwordHash must be scrypt$N$r$p$saltB64$hashB64');

// pharmacyOds is required for the pharmacy role and refused for the others (strict objects).
const userSchema = z.discriminatedUnion('role', [
  z.strictObject({ username, role: z.enum(['viewer', 'operator']), passwordHash }),
  z.strictObject({ username, role: z.literal('pharmacy'), passwordHash, pharmacyOds: pharmacyOdsCodeSchema }),
]);

export const usersSchema = z
  .array(userSchema)
  .min(1)
  .refine((users) => new Set(users.map((u) => u.username.toLowerCase())).size === users.length, 'usernames must be unique');

/** Parses DASHBOARD_USERS; errors describe the rule broken, never the value (it holds hashes). */
export const usersJsonSchema = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON array of {username, role, passwordHash, pharmacyOds?}' });
      return z.NEVER;
    }
  })
  .pipe(usersSchema);

/**
 * Demo users for local development and tests only (passwords in the README:
 * operator / operator-demo-password, viewer / viewer-demo-password, and pharmacy /
 * pharmacy-demo-password for the demo consultation's pharmacy FXA01). Only hashes live here.
 */
export const DEV_DEFAULT_USERS: readonly DashboardUser[] = [
  { username: 'operator', role: 'operator', passwordHash: 'scrypt$16384$8$1$3YiwBgE157QysbJVKUH5pg==$/gRLluLVBpD7OgiyCcrtoDamCQM0ZWV8JdmdHOMCsK8=' },
  { username: 'viewer', role: 'viewer', passwordHash: 'scrypt$16384$8$1$IVQurZEIfZ0Q4datpK60iA==$UbsvOScViF9N3dHf170o3xIXjx8GvNbynrMiNh0g1RA=' },
  {
    username: 'pharmacy',
    role: 'pharmacy',
    pharmacyOds: 'FXA01',
    passwordHash: 'scrypt$16384$8$1$ns17QoPWhvFhh+LJoG89aQ==$Ceo/aCbix8n9PIw3oE5ntm+8EMjWh0ttDCa3i+IzWB0=',
  },
];
