import type { SessionExpiry, SessionRepository, SessionRow } from './sessions';
import type { SqlDatabase } from './sql';

interface StoredSession<User, Data> {
  id_hash: string;
  user_key: string;
  account: User;
  csrf_token: string;
  created_ms: string | number;
  last_seen_ms: string | number;
  data: Data;
}

const ENDED = 'last_seen_ms < $1 OR created_ms < $2';
const expiryParams = (expiry: SessionExpiry) => [expiry.idleBeforeMs, expiry.createdBeforeMs];

/**
 * Sessions in the read store's `sessions` table (migration 3), shared by every instance on it. `s`
 * is the quoted schema. Each statement stands alone except create, whose per-user advisory lock
 * makes "end the oldest beyond the cap, then add" one step across instances.
 */
export function sqlSessionRepository<User extends object, Data extends object>(db: SqlDatabase, s: string): SessionRepository<User, Data> {
  return {
    async createSession(row: SessionRow<User, Data>, limits) {
      await db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`session-user:${s}:${row.userKey}`]);
        await tx.query(`DELETE FROM ${s}.sessions WHERE ${ENDED}`, expiryParams(limits));
        // seq, not created_ms, orders them: two sign-ins in the same millisecond still have an oldest.
        await tx.query(`DELETE FROM ${s}.sessions WHERE id_hash IN (SELECT id_hash FROM ${s}.sessions WHERE user_key = $1 ORDER BY seq DESC OFFSET $2)`, [
          row.userKey,
          Math.max(0, limits.perUser - 1),
        ]);
        await tx.query(
          `INSERT INTO ${s}.sessions (id_hash, user_key, account, csrf_token, created_ms, last_seen_ms, data) VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7::jsonb)`,
          [row.idHash, row.userKey, JSON.stringify(row.user), row.csrfToken, row.createdMs, row.lastSeenMs, JSON.stringify(row.data)],
        );
      });
    },
    async session(idHash) {
      const rows = await db.query<StoredSession<User, Data>>(
        `SELECT id_hash, user_key, account, csrf_token, created_ms, last_seen_ms, data FROM ${s}.sessions WHERE id_hash = $1`,
        [idHash],
      );
      const r = rows[0];
      if (!r) return undefined;
      return {
        idHash: r.id_hash,
        userKey: r.user_key,
        user: r.account,
        csrfToken: r.csrf_token,
        createdMs: Number(r.created_ms),
        lastSeenMs: Number(r.last_seen_ms),
        data: r.data,
      };
    },
    async touchSession(idHash, lastSeenMs) {
      await db.query(`UPDATE ${s}.sessions SET last_seen_ms = GREATEST(last_seen_ms, $2) WHERE id_hash = $1`, [idHash, lastSeenMs]);
    },
    async updateSessionData(idHash, set, unset) {
      if (Object.keys(set).length === 0 && unset.length === 0) return;
      // jsonb || merges the keys set (top level only); - text[] removes the keys unset; other keys stay as stored.
      await db.query(`UPDATE ${s}.sessions SET data = (data || $2::jsonb) - $3::text[] WHERE id_hash = $1`, [idHash, JSON.stringify(set), [...unset]]);
    },
    async deleteSession(idHash) {
      await db.query(`DELETE FROM ${s}.sessions WHERE id_hash = $1`, [idHash]);
    },
    async countSessions(expiry) {
      const rows = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${s}.sessions WHERE NOT (${ENDED})`, expiryParams(expiry));
      return Number(rows[0]?.n ?? 0);
    },
  };
}
