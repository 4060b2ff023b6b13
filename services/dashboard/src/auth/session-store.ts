import { createHash, randomBytes } from 'node:crypto';
import { type SessionExpiry, type SessionRepository, type SessionRow, sessionEnded } from '@firstsync/read-store';
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
  /** The random id the cookie carries; only its hash is stored. */
  readonly id: string;
  /** Synchronizer token: every state-changing request must echo it (form field or header). */
  readonly csrfToken: string;
  readonly user: SessionUser;
  readonly createdAt: number;
  readonly lastSeenAt: number;
  pendingBulk?: PendingBulkResend;
  /** One-shot message shown on the next page (e.g. "Resend requested"). */
  flash?: string;
  /**
   * Consultations whose identifiers this (pharmacy) session has been shown on the worklist, each
   * recorded by one `revealed` event: a later page view does not record it again.
   */
  shownIdentities?: Set<string>;
}

/** What a session carries beyond who it is, as stored: each key is saved on its own. */
export interface SessionData {
  pendingBulk?: PendingBulkResend;
  flash?: string;
  shownIdentities?: string[];
}

export type SessionRepositoryOf = SessionRepository<SessionUser, SessionData>;

export interface SessionStoreOptions {
  idleMs: number;
  maxMs: number;
  now: () => number;
  /** Sessions one user may hold (browsers, devices); a further sign-in ends that user's oldest. */
  maxPerUser: number;
  /** Longest gap between two writes of lastSeen (default 5 s, and never more than a tenth of idleMs). */
  touchIntervalMs?: number;
}

export const newToken = (): string => randomBytes(32).toString('base64url');

/** The stored key of a session: its id is a bearer credential, so a reader of the store cannot use what it finds. */
export const sessionIdHash = (id: string): string => createHash('sha256').update(id).digest('hex');

/**
 * Identifiers a session remembers as shown, newest kept: the worklist shows at most 500 at a time,
 * so this covers several pages' turnover. One forgotten and shown again is recorded again (audit
 * errs on the side of more).
 */
export const MAX_SHOWN_IDENTITIES = 2_000;

const DATA_KEYS = ['pendingBulk', 'flash', 'shownIdentities'] as const satisfies readonly (keyof SessionData)[];

function dataOf(session: Session): SessionData {
  const data: SessionData = {};
  if (session.pendingBulk !== undefined) data.pendingBulk = session.pendingBulk;
  if (session.flash !== undefined) data.flash = session.flash;
  if (session.shownIdentities !== undefined) data.shownIdentities = [...session.shownIdentities].slice(-MAX_SHOWN_IDENTITIES);
  return data;
}

type Snapshot = Record<(typeof DATA_KEYS)[number], string | undefined>;

function snapshotOf(data: SessionData): Snapshot {
  return { pendingBulk: JSON.stringify(data.pendingBulk), flash: JSON.stringify(data.flash), shownIdentities: JSON.stringify(data.shownIdentities) };
}

/**
 * Server-side sessions for signed-in users only, in a repository every dashboard instance shares
 * (the read store) or in this process's memory. The cookie holds only a random id, so logout and
 * expiry take effect at once on every instance and nothing about the user can be read or forged
 * from the cookie. Only a successful sign-in creates one, and each user holds at most `maxPerUser`,
 * so the store is bounded by the configured users and nobody can crowd another user's session out.
 *
 * Route handlers change a request's session in place (flash, pending bulk resend, shown
 * identities); `save` writes back only the keys that changed since it was loaded.
 */
export class SessionStore {
  private readonly loaded = new WeakMap<Session, Snapshot>();
  private readonly touchIntervalMs: number;

  constructor(
    private readonly repository: SessionRepositoryOf,
    private readonly options: SessionStoreOptions,
  ) {
    this.touchIntervalMs = Math.min(options.touchIntervalMs ?? 5_000, options.idleMs / 10);
  }

  async create(user: SessionUser): Promise<Session> {
    const now = this.options.now();
    const session: Session = { id: newToken(), csrfToken: newToken(), user, createdAt: now, lastSeenAt: now };
    const row: SessionRow<SessionUser, SessionData> = {
      idHash: sessionIdHash(session.id),
      userKey: user.username.toLowerCase(),
      user,
      csrfToken: session.csrfToken,
      createdMs: now,
      lastSeenMs: now,
      data: {},
    };
    await this.repository.createSession(row, { ...this.expiry(now), perUser: this.options.maxPerUser });
    this.loaded.set(session, snapshotOf({}));
    return session;
  }

  /**
   * The live session with this id; undefined (and removed) once idle or too old. Activity is
   * written at most every `touchIntervalMs`, so a page view is not a write: idle expiry may come
   * that much early.
   */
  async get(id: string): Promise<Session | undefined> {
    const idHash = sessionIdHash(id);
    const row = await this.repository.session(idHash);
    if (!row) return undefined;
    const now = this.options.now();
    if (sessionEnded(row, this.expiry(now))) {
      await this.repository.deleteSession(idHash);
      return undefined;
    }
    let lastSeenAt = row.lastSeenMs;
    if (now - lastSeenAt >= this.touchIntervalMs) {
      await this.repository.touchSession(idHash, now);
      lastSeenAt = now;
    }
    const session: Session = { id, csrfToken: row.csrfToken, user: row.user, createdAt: row.createdMs, lastSeenAt };
    const { pendingBulk, flash, shownIdentities } = row.data;
    if (pendingBulk !== undefined) session.pendingBulk = pendingBulk;
    if (flash !== undefined) session.flash = flash;
    if (shownIdentities !== undefined) session.shownIdentities = new Set(shownIdentities);
    this.loaded.set(session, snapshotOf(dataOf(session)));
    return session;
  }

  /** Writes back what a request changed in its session; nothing when nothing changed, or when the session has ended meanwhile. */
  async save(session: Session): Promise<void> {
    const before = this.loaded.get(session);
    const data = dataOf(session);
    const after = snapshotOf(data);
    const changed = DATA_KEYS.filter((key) => before?.[key] !== after[key]);
    if (changed.length === 0) return;
    const set: Partial<SessionData> = {};
    const unset: (keyof SessionData)[] = [];
    for (const key of changed) {
      if (data[key] === undefined) unset.push(key);
      else Object.assign(set, { [key]: data[key] });
    }
    await this.repository.updateSessionData(sessionIdHash(session.id), set, unset);
    this.loaded.set(session, after);
  }

  /** True while the session exists and has not expired; does not count as activity. */
  async isLive(id: string): Promise<boolean> {
    const row = await this.repository.session(sessionIdHash(id));
    return row !== undefined && !sessionEnded(row, this.expiry(this.options.now()));
  }

  async destroy(id: string): Promise<void> {
    await this.repository.deleteSession(sessionIdHash(id));
  }

  /** Sessions not yet expired. */
  count(): Promise<number> {
    return this.repository.countSessions(this.expiry(this.options.now()));
  }

  // The store's rule, `now - lastSeen > idle` or `now - created > max`, as the instants the repository compares.
  private expiry(now: number): SessionExpiry {
    return { idleBeforeMs: now - this.options.idleMs, createdBeforeMs: now - this.options.maxMs };
  }
}
