import { randomBytes } from 'node:crypto';
import type { ConsultationFilter } from '../read-model/filter';
import type { Role } from './users';

export interface SessionUser {
  username: string;
  role: Role;
}

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
  /** Absent for the anonymous session that carries the login form's CSRF token. */
  readonly user?: SessionUser;
  readonly createdAt: number;
  lastSeenAt: number;
  pendingBulk?: PendingBulkResend;
  /** One-shot message shown on the next page (e.g. "Resend requested"). */
  flash?: string;
}

export interface SessionStoreOptions {
  idleMs: number;
  maxMs: number;
  now: () => number;
  /** Anonymous (login form) sessions expire sooner. */
  anonymousIdleMs?: number;
  /** Bound on sessions held, so anonymous sessions cannot exhaust memory; oldest go first. */
  maxSessions?: number;
}

export const newToken = (): string => randomBytes(32).toString('base64url');

/**
 * Server-side sessions in memory: the cookie holds only a random id, so logout and expiry take
 * effect at once and nothing about the user can be read or forged from the cookie. A restart logs
 * everyone out, which is acceptable for an ops tool.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly options: SessionStoreOptions) {}

  create(user?: SessionUser): Session {
    this.sweep();
    const max = this.options.maxSessions ?? 10_000;
    while (this.sessions.size >= max) {
      const oldest = this.sessions.keys().next().value;
      if (oldest === undefined) break;
      this.sessions.delete(oldest);
    }
    const now = this.options.now();
    const session: Session = { id: newToken(), csrfToken: newToken(), createdAt: now, lastSeenAt: now, ...(user ? { user } : {}) };
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
    const idleMs = session.user ? this.options.idleMs : (this.options.anonymousIdleMs ?? Math.min(this.options.idleMs, 15 * 60_000));
    return now - session.lastSeenAt > idleMs || now - session.createdAt > this.options.maxMs;
  }

  private sweep(): void {
    for (const [id, session] of this.sessions) if (this.expired(session)) this.sessions.delete(id);
  }
}
