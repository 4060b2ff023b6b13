import { z } from 'zod';
import { parsePasswordHash } from './password';

export const ROLES = ['viewer', 'operator'] as const;
export type Role = (typeof ROLES)[number];

export interface DashboardUser {
  username: string;
  role: Role;
  passwordHash: string;
}

const userSchema = z.strictObject({
  username: z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/, 'username: 1-64 letters, digits or . _ @ -'),
  role: z.enum(ROLES),
  passwordHash: z.string().refine((hash) => parsePasswordHash(hash) !== undefined, 'passwordHash must be scrypt$N$r$p$saltB64$hashB64'),
});

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
      ctx.addIssue({ code: 'custom', message: 'must be a JSON array of {username, role, passwordHash}' });
      return z.NEVER;
    }
  })
  .pipe(usersSchema);

/**
 * Demo users for local development and tests only (passwords in the README:
 * operator / operator-demo-password, viewer / viewer-demo-password). Only hashes live here.
 */
export const DEV_DEFAULT_USERS: readonly DashboardUser[] = [
  { username: 'operator', role: 'operator', passwordHash: 'scrypt$16384$8$1$3YiwBgE157QysbJVKUH5pg==$/gRLluLVBpD7OgiyCcrtoDamCQM0ZWV8JdmdHOMCsK8=' },
  { username: 'viewer', role: 'viewer', passwordHash: 'scrypt$16384$8$1$IVQurZEIfZ0Q4datpK60iA==$UbsvOScViF9N3dHf170o3xIXjx8GvNbynrMiNh0g1RA=' },
];
