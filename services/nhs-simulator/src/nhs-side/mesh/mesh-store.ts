import { type MeshMessageType, ownBytes } from '@firstsync/mesh';
import { meshMessageId } from './message-id';

export interface Mailbox {
  mailboxId: string;
  password: string;
  name: string;
  /** The organisation the mailbox belongs to (endpoint lookup key). */
  odsCode: string | null;
  /** Workflows it receives, or '*' for any (endpoint lookup filter). */
  workflows: readonly string[] | '*';
}

export interface MeshReportFields {
  statusCode: string;
  statusEvent: string;
  statusDescription: string;
  linkedMessageId: string;
}

export type StoredStatus = 'uploading' | 'accepted' | 'acknowledged' | 'undeliverable';

export interface StoredMessage {
  messageId: string;
  type: MeshMessageType;
  from: string;
  /** Recipient mailbox id (after routing). */
  to: string;
  workflowId: string;
  localId: string | null;
  /** mex-Subject: patient-identifiable for Update Record; only ever returned to the recipient. */
  subject: string | null;
  contentType: string | null;
  fileName: string | null;
  totalChunks: number;
  chunks: Buffer[];
  /** Body size as uploaded (kept when the chunks are released). */
  bytes: number;
  /** The recipient acknowledged it long enough ago that its body was let go (downloads answer 410). */
  bodyReleased: boolean;
  status: StoredStatus;
  createdAt: string;
  /** When the last chunk arrived and it became downloadable in the recipient's inbox. */
  deliveredAt: string | null;
  acknowledgedAt: string | null;
  report: MeshReportFields | null;
  /** Set when routing failed: on completion the message becomes undeliverable and this is reported. */
  routeFailure: { code: string; description: string } | null;
}

/** What admin/inspection endpoints show: ids and codes only, no subject, body or address. */
export type MessageSummary = Pick<
  StoredMessage,
  'messageId' | 'type' | 'from' | 'to' | 'workflowId' | 'localId' | 'status' | 'totalChunks' | 'bytes' | 'createdAt' | 'acknowledgedAt'
> & {
  reportCode: string | null;
  linkedMessageId: string | null;
};

export interface NewMessage {
  type: MeshMessageType;
  from: string;
  to: string;
  workflowId: string;
  localId?: string | null;
  subject?: string | null;
  contentType?: string | null;
  fileName?: string | null;
  totalChunks?: number;
  firstChunk?: Buffer;
  report?: MeshReportFields | null;
  routeFailure?: { code: string; description: string } | null;
}

/** Acknowledged message bodies kept unless told otherwise. */
export const DEFAULT_KEEP_ACKNOWLEDGED_BODIES = 200;

/**
 * Mailboxes and messages of the simulated MESH, in memory. Message metadata stays for inspection;
 * the body of an acknowledged message (the recipient has it) is kept only for the most recent
 * `keepAcknowledgedBodies`, so a long run's memory does not grow with its traffic.
 */
export class MeshStore {
  private readonly mailboxes = new Map<string, Mailbox>();
  private readonly messages = new Map<string, StoredMessage>();
  private readonly seenNonces = new Set<string>();
  /** Acknowledged messages still holding their body, oldest first. */
  private readonly acknowledgedBodies = new Set<StoredMessage>();
  private sequence = 0;

  constructor(private readonly keepAcknowledgedBodies: number = DEFAULT_KEEP_ACKNOWLEDGED_BODIES) {}

  putMailbox(mailbox: Mailbox): void {
    this.mailboxes.set(mailbox.mailboxId.toUpperCase(), { ...mailbox, mailboxId: mailbox.mailboxId.toUpperCase() });
  }

  mailbox(mailboxId: string): Mailbox | undefined {
    return this.mailboxes.get(mailboxId.toUpperCase());
  }

  allMailboxes(): Mailbox[] {
    return [...this.mailboxes.values()];
  }

  lookup(odsCode: string, workflowId: string): Mailbox[] {
    return this.allMailboxes().filter((m) => m.odsCode === odsCode.toUpperCase() && (m.workflows === '*' || m.workflows.includes(workflowId)));
  }

  /** Records a token's mailbox:nonce:count; false when it was used before (MESH refuses replays). */
  useNonce(key: string): boolean {
    if (this.seenNonces.has(key)) return false;
    // Bounded: a long-running demo must not grow without limit; replays older than this are moot.
    if (this.seenNonces.size >= 100_000) this.seenNonces.clear();
    this.seenNonces.add(key);
    return true;
  }

  create(input: NewMessage, now: Date): StoredMessage {
    this.sequence += 1;
    const total = input.totalChunks ?? 1;
    const message: StoredMessage = {
      messageId: meshMessageId(now, this.sequence),
      type: input.type,
      from: input.from.toUpperCase(),
      to: input.to.toUpperCase(),
      workflowId: input.workflowId,
      localId: input.localId ?? null,
      subject: input.subject ?? null,
      contentType: input.contentType ?? null,
      fileName: input.fileName ?? null,
      totalChunks: total,
      chunks: input.firstChunk ? [ownBytes(input.firstChunk)] : [],
      bytes: input.firstChunk?.length ?? 0,
      bodyReleased: false,
      status: total > 1 ? 'uploading' : 'accepted',
      createdAt: now.toISOString(),
      deliveredAt: total > 1 ? null : now.toISOString(),
      acknowledgedAt: null,
      report: input.report ?? null,
      routeFailure: input.routeFailure ?? null,
    };
    this.messages.set(message.messageId, message);
    return message;
  }

  get(messageId: string): StoredMessage | undefined {
    return this.messages.get(messageId.toUpperCase());
  }

  /** Accepted messages waiting in a mailbox, oldest first. */
  inbox(mailboxId: string, workflowFilter?: (workflowId: string) => boolean): StoredMessage[] {
    const id = mailboxId.toUpperCase();
    return [...this.messages.values()].filter((m) => m.to === id && m.status === 'accepted' && (!workflowFilter || workflowFilter(m.workflowId)));
  }

  appendChunk(message: StoredMessage, chunk: Buffer): void {
    message.chunks.push(ownBytes(chunk));
    message.bytes += chunk.length;
  }

  acknowledge(message: StoredMessage, now: Date): void {
    if (message.status !== 'accepted') return;
    message.status = 'acknowledged';
    message.acknowledgedAt = now.toISOString();
    this.acknowledgedBodies.add(message);
    if (this.acknowledgedBodies.size > this.keepAcknowledgedBodies) {
      const oldest = this.acknowledgedBodies.values().next();
      if (!oldest.done) this.releaseBody(oldest.value);
    }
  }

  private releaseBody(message: StoredMessage): void {
    this.acknowledgedBodies.delete(message);
    message.chunks = [];
    message.bodyReleased = true;
  }

  summaries(filter: { mailbox?: string; workflowId?: string; localId?: string; type?: MeshMessageType } = {}): MessageSummary[] {
    const mailbox = filter.mailbox?.toUpperCase();
    return [...this.messages.values()]
      .filter(
        (m) =>
          (mailbox === undefined || m.to === mailbox || m.from === mailbox) &&
          (filter.workflowId === undefined || m.workflowId === filter.workflowId) &&
          (filter.localId === undefined || m.localId === filter.localId) &&
          (filter.type === undefined || m.type === filter.type),
      )
      .map((m) => ({
        messageId: m.messageId,
        type: m.type,
        from: m.from,
        to: m.to,
        workflowId: m.workflowId,
        localId: m.localId,
        status: m.status,
        totalChunks: m.totalChunks,
        bytes: m.bytes,
        createdAt: m.createdAt,
        acknowledgedAt: m.acknowledgedAt,
        reportCode: m.report?.statusCode ?? null,
        linkedMessageId: m.report?.linkedMessageId ?? null,
      }));
  }

  clearMessages(): void {
    this.messages.clear();
    this.acknowledgedBodies.clear();
    this.seenNonces.clear();
  }

  clear(): void {
    this.clearMessages();
    this.mailboxes.clear();
  }
}

/** MESH inbox filter syntax: `W`, `!W`, `P*`, `!P*`, `*PART*`, `!*PART*`. */
export function workflowFilter(expression: string | undefined): ((workflowId: string) => boolean) | undefined {
  let value = (expression ?? '').trim();
  if (value === '') return undefined;
  const negate = value.startsWith('!');
  if (negate) value = value.slice(1);
  let test: (w: string) => boolean;
  if (value.startsWith('*') && value.endsWith('*') && value.length >= 2) {
    const part = value.slice(1, -1);
    test = (w) => w.includes(part);
  } else if (value.endsWith('*')) {
    const prefix = value.slice(0, -1);
    test = (w) => w.startsWith(prefix);
  } else {
    test = (w) => w === value;
  }
  return negate ? (w) => !test(w) : test;
}
