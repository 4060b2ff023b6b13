/**
 * Prints a `scrypt$N$r$p$salt$hash` line for DASHBOARD_USERS.
 * Usage: pnpm --filter @firstsync/dashboard exec tsx scripts/hash-password.ts   (reads the password from stdin)
 *        echo -n 'secret' | tsx scripts/hash-password.ts
 * The password is read from stdin, never from argv, so it does not land in shell history or `ps`.
 */
import { hashPassword } from '../src/auth/password';

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password (input is echoed; pipe it in to avoid that): ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(Buffer.from(chunk as Uint8Array));
    if (process.stdin.isTTY && chunks.join('').includes('\n')) break;
  }
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

const password = await readStdin();
if (password.length < 12) {
  process.stderr.write('password must be at least 12 characters\n');
  process.exit(1);
}
process.stdout.write(`${await hashPassword(password)}\n`);
