import { DEFAULT_SCRYPT, verifyPassword } from './password';
import type { DashboardUser, SessionUser } from './users';

// Verified when the username is unknown, so a wrong username costs as much time as a wrong
// password and response times do not reveal which usernames exist.
const DUMMY_HASH = `scrypt$${DEFAULT_SCRYPT.N}$${DEFAULT_SCRYPT.r}$${DEFAULT_SCRYPT.p}$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=`;

export async function authenticate(users: readonly DashboardUser[], username: string, password: string): Promise<SessionUser | undefined> {
  const user = users.find((u) => u.username.toLowerCase() === username.toLowerCase());
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!ok || !user) return undefined;
  return sessionUserOf(user);
}

/** Who the user is for a session: the role and its binding, never the hash. */
function sessionUserOf(user: DashboardUser): SessionUser {
  const { username } = user;
  switch (user.role) {
    case 'pharmacy':
    case 'pharmacy-manager':
      return { username, role: user.role, pharmacyOds: user.pharmacyOds };
    case 'commissioner':
      return { username, role: user.role, icbCode: user.icbCode };
    case 'pcn-lead':
      return { username, role: user.role, pcnCode: user.pcnCode };
    default:
      return { username, role: user.role };
  }
}
