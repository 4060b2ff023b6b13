import { DEFAULT_SCRYPT, verifyPassword } from './password';
import type { SessionUser } from './session-store';
import type { DashboardUser } from './users';

// Verified when the username is unknown, so a wrong username costs as much time as a wrong
// password and response times do not reveal which usernames exist.
const DUMMY_HASH = `scrypt$${DEFAULT_SCRYPT.N}$${DEFAULT_SCRYPT.r}$${DEFAULT_SCRYPT.p}$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=`;

export async function authenticate(users: readonly DashboardUser[], username: string, password: string): Promise<SessionUser | undefined> {
  const user = users.find((u) => u.username.toLowerCase() === username.toLowerCase());
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  return ok && user ? { username: user.username, role: user.role } : undefined;
}
