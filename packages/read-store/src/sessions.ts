/**
 * A signed-in session as a repository keeps it. The session id itself is never stored, only its
 * SHA-256 (`idHash`): whoever reads the table cannot take a session over. `User` and `Data` are the
 * caller's documents, returned as written.
 */
export interface SessionRow<User extends object = object, Data extends object = object> {
  idHash: string;
  /** The key the per-user cap counts by (e.g. the lower-cased username). */
  userKey: string;
  user: User;
  csrfToken: string;
  createdMs: number;
  lastSeenMs: number;
  /** What else the session carries, by key; each key is updated on its own. */
  data: Data;
}

/** When sessions end, as instants (epoch ms) the caller computes from its own clock. */
export interface SessionExpiry {
  /** A session last seen before this has been idle too long. */
  idleBeforeMs: number;
  /** A session created before this has reached its absolute lifetime. */
  createdBeforeMs: number;
}

export interface SessionLimits extends SessionExpiry {
  /** Sessions one user key may hold, the new one included: that key's oldest beyond it are ended. */
  perUser: number;
}

/**
 * Where sessions live: shared by every dashboard instance on the read store, or one process's
 * memory. Expiry rules stay with the caller; the repository applies the instants it is given.
 */
export interface SessionRepository<User extends object, Data extends object> {
  /**
   * Stores a new session after removing ended sessions and the user key's oldest beyond
   * `perUser - 1`, all as one step that concurrent creates for the same key (on any instance) queue on.
   */
  createSession(row: SessionRow<User, Data>, limits: SessionLimits): Promise<void>;
  session(idHash: string): Promise<SessionRow<User, Data> | undefined>;
  /** Moves lastSeen forward, never back (a slower request of the same session may touch late). */
  touchSession(idHash: string, lastSeenMs: number): Promise<void>;
  /**
   * Sets and removes keys of the session's data and leaves the others as stored, so two requests
   * of one session changing different keys on different instances do not undo each other.
   * Does nothing for a session that no longer exists.
   */
  updateSessionData(idHash: string, set: Partial<Data>, unset: readonly (keyof Data & string)[]): Promise<void>;
  deleteSession(idHash: string): Promise<void>;
  /** Sessions not ended by `expiry`. */
  countSessions(expiry: SessionExpiry): Promise<number>;
}

export function sessionEnded(row: Pick<SessionRow, 'createdMs' | 'lastSeenMs'>, expiry: SessionExpiry): boolean {
  return row.lastSeenMs < expiry.idleBeforeMs || row.createdMs < expiry.createdBeforeMs;
}

/**
 * Sessions in this process's memory: the default when there is no read store (one instance; a
 * restart ends every session). Documents are copied in and out, as a database would. Map insertion order is creation order, so "oldest" is exact even for sessions created in the same ms.
 */
export function memorySessionRepository<User extends object, Data extends object>(): SessionRepository<User, Data> {
  const rows = new Map<string, SessionRow<User, Data>>();
  const sweep = (expiry: SessionExpiry) => {
    for (const [idHash, row] of rows) if (sessionEnded(row, expiry)) rows.delete(idHash);
  };
  return {
    async createSession(row, limits) {
      sweep(limits);
      const own = [...rows.values()].filter((r) => r.userKey === row.userKey);
      for (const old of own.slice(0, Math.max(0, own.length - limits.perUser + 1))) rows.delete(old.idHash);
      rows.set(row.idHash, structuredClone(row));
    },
    async session(idHash) {
      const row = rows.get(idHash);
      // A copy, as a database hands back: what the caller then changes is not stored until it says so.
      return row && structuredClone(row);
    },
    async touchSession(idHash, lastSeenMs) {
      const row = rows.get(idHash);
      if (row) row.lastSeenMs = Math.max(row.lastSeenMs, lastSeenMs);
    },
    async updateSessionData(idHash, set, unset) {
      const row = rows.get(idHash);
      if (!row) return;
      const data: Data = { ...row.data, ...structuredClone(set) };
      for (const key of unset) delete data[key];
      row.data = data;
    },
    async deleteSession(idHash) {
      rows.delete(idHash);
    },
    async countSessions(expiry) {
      return [...rows.values()].filter((row) => !sessionEnded(row, expiry)).length;
    },
  };
}
