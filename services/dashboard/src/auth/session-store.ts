import { randomBytes } from 'node:crypto';
import type { ConsultationFilter } from '../read-model/filter';
import type { SessionUser } from './users';

export type { SessionUser } from './users';

/** A bulk resend the operator has been shown the count of and may now confirm. */
export interface PendingBulkResend {
  token: string;
  consultationIds: string[];
  filter: ConsultationFilter;
}

export interface Session {
  readonly id: string;
  /** Synchronizer token: every state-changing request must echo it (form field or header). */
  readonly csrfToken: string;
  readonly user: SessionUser;
  readonly createdAt: number;
  lastSeenAt: number;
  pendingBulk?: PendingBulkResend;
  /** One-shot message shown on the next page (e.g. "Resend requested"). */
  flash?: string;
  /**
   * Consultations whose identifiers this (pharmacy) session has been shown on the worklist, each
   * recorded by one `revealed` event: a later page view does not record it again.
   */
  shownIdentities?: Set<string>;
}

export interface SessionStoreOptions {
  idleMs: number;
  maxMs: number;
  now: () => number;
  /** Sessions one user may hold (browsers, devices); a further sign-in ends that user's oldest. */
  maxPerUser: number;
}

export const newToken = (): string => randomBytes(32).toString('base64url');

/**
 * Server-side sessions in memory, for signed-in users only: the cookie holds only a random id, so
 * logout and expiry take effect at once and nothing about the user can be read or forged from the
 * cookie. Only a successful sign-in creates one, and each user holds at most `maxPerUser`, so the
 * store is bounded by the configured users and nobody can crowd another user's session out. A
 * restart logs everyone out, which is acceptable for an ops tool.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly options: SessionStoreOptions) {}

  create(user: SessionUser): Session {
    this.sweep();
    const key = user.username.toLowerCase();
    // Insertion order is creation order: the first found are that user's oldest.
    const own = [...this.sessions.values()].filter((s) => s.user.username.toLowerCase() === key);
    for (const old of own.slice(0, Math.max(0, own.length - this.options.maxPerUser + 1))) this.sessions.delete(old.id);
    const now = this.options.now();
    const session: Session = { id: newToken(), csrfToken: newToken(), user, createdAt: now, lastSeenAt: now };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session with this id, touched; undefined (and forgotten) once idle or too old. */
  get(id: string): Session | undefined {
    const session = this.sessions.get(id);
    if (!session) return undefined;
    if (this.expired(session)) {
      this.sessions.delete(id);
      return undefined;
    }
    session.lastSeenAt = this.options.now();
    return session;
  }

  /** True while the session exists and has not expired; does not count as activity. */
  isLive(id: string): boolean {
    const session = this.sessions.get(id);
    return session !== undefined && !this.expired(session);
  }

  destroy(id: string): void {
    this.sessions.delete(id);
  }

  get size(): number {
    return this.sessions.size;
  }

  private expired(session: Session): boolean {
    const now = this.options.now();
    return now - session.lastSeenAt > this.options.idleMs || now - session.createdAt > this.options.maxMs;
  }

  private sweep(): void {
    for (const [id, session] of this.sessions) if (this.expired(session)) this.sessions.delete(id);
  }
}
