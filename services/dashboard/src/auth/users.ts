import { icbCodeSchema, pcnCodeSchema, pharmacyOdsCodeSchema } from '@firstsync/contracts';
import { z } from 'zod';
import { parsePasswordHash } from './password';

/**
 * viewer and operator are firstsync's own ops staff (every consultation, identifiers masked);
 * pharmacy is a pharmacy's staff, bound to its one ODS code: they see only their own pharmacy's
 * follow-up worklist, where identifiers are shown (direct care). The outcomes roles (issue #17)
 * see disclosure-controlled outcome figures of one area and nothing operational: commissioner
 * (one ICB), pcn-lead (one PCN), pharmacy-manager (one pharmacy).
 */
export const ROLES = ['viewer', 'operator', 'pharmacy', 'commissioner', 'pcn-lead', 'pharmacy-manager'] as const;
export type Role = (typeof ROLES)[number];
export type OpsRole = 'viewer' | 'operator';
export const OUTCOMES_ROLES = ['commissioner', 'pcn-lead', 'pharmacy-manager'] as const;
export type OutcomesRole = (typeof OUTCOMES_ROLES)[number];

/** An outcomes user, bound to the one area whose figures they may see. */
export type OutcomesUser =
  | { username: string; role: 'commissioner'; icbCode: string }
  | { username: string; role: 'pcn-lead'; pcnCode: string }
  | { username: string; role: 'pharmacy-manager'; pharmacyOds: string };

/** Who is signed in: the pharmacy and outcomes roles always carry the one pharmacy or area they may see. */
export type SessionUser = { username: string; role: OpsRole } | { username: string; role: 'pharmacy'; pharmacyOds: string } | OutcomesUser;

export function isOutcomesUser(user: SessionUser): user is OutcomesUser {
  return (OUTCOMES_ROLES as readonly string[]).includes(user.role);
}

export type DashboardUser = SessionUser & { passwordHash: string };

const username = z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/, 'username: 1-64 letters, digits or . _ @ -');
const passwordHash = z.string().refine((hash) => parsePasswordHash(hash) !== undefined, 'passwordHash must be scrypt$N$r$p$saltB64$hashB64');

// Each role's binding is required for it and refused for the others (strict objects).
const userSchema = z.discriminatedUnion('role', [
  z.strictObject({ username, role: z.enum(['viewer', 'operator']), passwordHash }),
  z.strictObject({ username, role: z.literal('pharmacy'), passwordHash, pharmacyOds: pharmacyOdsCodeSchema }),
  z.strictObject({ username, role: z.literal('commissioner'), passwordHash, icbCode: icbCodeSchema }),
  z.strictObject({ username, role: z.literal('pcn-lead'), passwordHash, pcnCode: pcnCodeSchema }),
  z.strictObject({ username, role: z.literal('pharmacy-manager'), passwordHash, pharmacyOds: pharmacyOdsCodeSchema }),
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
      ctx.addIssue({ code: 'custom', message: 'must be a JSON array of {username, role, passwordHash, pharmacyOds? | icbCode? | pcnCode?}' });
      return z.NEVER;
    }
  })
  .pipe(usersSchema);

/**
 * Demo users for local development and tests only (passwords in the README:
 * operator / operator-demo-password, viewer / viewer-demo-password, and pharmacy /
 * pharmacy-demo-password for the demo consultation's pharmacy FXA01; for outcomes,
 * commissioner / commissioner-demo-password (ICB QZA), pcn-lead / pcn-lead-demo-password (PCN
 * U90001) and pharmacy-manager / pharmacy-manager-demo-password (FXA01): the demo practice A81001
 * is in U90001 and QZA in the synthetic reference fixture). Only hashes live here.
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
  {
    username: 'commissioner',
    role: 'commissioner',
    icbCode: 'QZA',
    passwordHash: 'scrypt$16384$8$1$jaYNIiuoaitSEDQ2HOOz8Q==$OwZwqEC43U8XrrPvgZ/qAkDwiaSPkQSw3FwMzoHTQZ8=',
  },
  {
    username: 'pcn-lead',
    role: 'pcn-lead',
    pcnCode: 'U90001',
    passwordHash: 'scrypt$16384$8$1$xH70pLgkm9KWPahdm8kDag==$FIiMPTG7mYhYtzKRR1Ad30DtHqIGBMJcBNf6/FhmKZw=',
  },
  {
    username: 'pharmacy-manager',
    role: 'pharmacy-manager',
    pharmacyOds: 'FXA01',
    passwordHash: 'scrypt$16384$8$1$l66cDWaYx9FCltK26e9Rbg==$2YQOtYbjv8l+kxHWjF1UW/p8M7nawNemo0heu6rEBGg=',
  },
];
