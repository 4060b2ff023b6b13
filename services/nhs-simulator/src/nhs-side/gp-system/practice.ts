import { defaultBehaviour, type PracticeBehaviour } from './behaviour';
import type { ReceivedMessageSummary } from './message-summary';

export type TaskStatus = 'awaiting-filing' | 'filed';

/** A consultation waiting in the practice's GP workflow inbox. */
export interface GpTask {
  taskId: string;
  meshMessageId: string;
  senderMailbox: string;
  localId: string | null;
  receivedAt: string;
  status: TaskStatus;
  filedAt: string | null;
  summary: ReceivedMessageSummary;
}

/** Every message the GP system collected and what it answered (inspection for tests). */
export interface Receipt {
  meshMessageId: string;
  bundleIdentifier: string | null;
  messageHeaderId: string | null;
  /** When MESH put it in the practice's inbox. */
  deliveredAt: string;
  /** When the GP system collected it. */
  receivedAt: string;
  infAckCode: string | null;
  /** The MESH message carrying the infrastructure ack, once sent. */
  infAckMessageId: string | null;
  busAckCode: string | null;
  taskId: string | null;
}

export interface SentAck {
  code: string;
  kind: 'infrastructure' | 'business';
  meshMessageId: string;
  /** The MESH message id of the Update Record it answers. */
  inReplyTo: string;
  messageHeaderId: string | null;
  to: string;
  sentAt: string;
}

export class Practice {
  behaviour: PracticeBehaviour = defaultBehaviour();
  readonly tasks = new Map<string, GpTask>();
  readonly receipts: Receipt[] = [];
  readonly acks: SentAck[] = [];
  readonly knownBundles = new Set<string>();
  readonly knownDocuments = new Map<string, string>();

  constructor(
    readonly ods: string,
    readonly mailboxId: string,
  ) {}

  /** The id-only view for admin JSON: no patient display fields. */
  inspect() {
    return {
      practiceOds: this.ods,
      mailboxId: this.mailboxId,
      behaviour: this.behaviour,
      tasks: [...this.tasks.values()].map((t) => ({
        taskId: t.taskId,
        meshMessageId: t.meshMessageId,
        bundleIdentifier: t.summary.bundleIdentifier,
        messageHeaderId: t.summary.messageHeaderId,
        documentIdentifier: t.summary.documentIdentifier,
        replaces: t.summary.display.replaces,
        status: t.status,
        receivedAt: t.receivedAt,
        filedAt: t.filedAt,
      })),
      receipts: this.receipts,
      acks: this.acks,
    };
  }
}
