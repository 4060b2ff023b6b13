import { randomUUID } from 'node:crypto';
import { ITK_RESPONSE, MESH_REPORT } from '@firstsync/consultation-lifecycle';
import type { Clock } from '@firstsync/contracts';
import { WORKFLOW } from '@firstsync/mesh';
import { buildItkAck } from '@firstsync/update-record';
import type { MessageValidator } from '../../fhir/validate-message';
import type { MeshStore, StoredMessage } from '../mesh/mesh-store';
import { postReport } from '../mesh/reports';
import { type PracticeBehaviourInput, practiceBehaviourSchema } from './behaviour';
import { businessAckCode, infrastructureAckCode } from './decide-acks';
import { type ReceivedMessageSummary, summariseMessage } from './message-summary';
import { type GpTask, Practice, type Receipt } from './practice';
import type { Scheduler } from './scheduler';

export interface GpSystemsDeps {
  mesh: MeshStore;
  clock: Clock;
  validate: MessageValidator;
  scheduler: Scheduler;
  /** Ids-only events (the Fastify logger in the app). */
  logger: { info(fields: Record<string, unknown>, message: string): void };
}

export type FileResult = 'filed' | 'already-filed' | 'not-found';

/** The MESH mailbox id of a practice's GP system. */
export const practiceMailboxId = (ods: string) => `${ods.toUpperCase()}GP`;

/**
 * The GP systems of every simulated practice: each collects what MESH delivers to its mailbox,
 * validates and de-duplicates it, answers the ITK3 infrastructure ack, raises a workflow task and
 * answers the business ack, all through the simulated MESH back to the sender's inbox.
 * Logs carry ODS codes and MESH/ITK ids only.
 */
export class GpSystems {
  private readonly practices = new Map<string, Practice>();

  constructor(private readonly deps: GpSystemsDeps) {}

  ensure(ods: string): Practice {
    const key = ods.toUpperCase();
    let practice = this.practices.get(key);
    if (!practice) {
      practice = new Practice(key, practiceMailboxId(key));
      this.practices.set(key, practice);
      this.deps.mesh.putMailbox({
        mailboxId: practice.mailboxId,
        password: randomUUID(),
        name: `GP practice ${key}`,
        odsCode: key,
        workflows: [WORKFLOW.updateRecord],
      });
    }
    return practice;
  }

  get(ods: string): Practice | undefined {
    return this.practices.get(ods.toUpperCase());
  }

  all(): Practice[] {
    return [...this.practices.values()];
  }

  /** Replaces the behaviour (unspecified fields take their defaults). */
  configure(ods: string, input: PracticeBehaviourInput): Practice {
    const practice = this.ensure(ods);
    practice.behaviour = practiceBehaviourSchema.parse(input);
    return practice;
  }

  /** Mailboxes MESH finds for the practice and workflow, as its set-up behaviour says. */
  mailboxesFor(ods: string, workflowId: string): string[] {
    const practice = this.get(ods);
    if (!practice || workflowId !== WORKFLOW.updateRecord) return [];
    if (practice.behaviour.meshRouting === 'no-mailbox') return [];
    if (practice.behaviour.meshRouting === 'multiple-mailboxes') return [practice.mailboxId, `${practice.mailboxId}2`];
    return [practice.mailboxId];
  }

  /** Mailboxes a practice not seen yet will have for the workflow once it is created with the default set-up. */
  newPracticeMailboxesFor(ods: string, workflowId: string): string[] {
    return workflowId === WORKFLOW.updateRecord && /^[A-Z0-9]{3,10}$/.test(ods) ? [practiceMailboxId(ods)] : [];
  }

  /** Consumes one configured MESH send failure for the practice, if any is left. */
  takeSendError(ods: string): number | null {
    const practice = this.get(ods);
    const error = practice?.behaviour.meshSendError;
    if (!practice || !error) return null;
    practice.behaviour = { ...practice.behaviour, meshSendError: error.count > 1 ? { ...error, count: error.count - 1 } : null };
    return error.status;
  }

  /** Called by MESH when a message was fully accepted into a practice mailbox. */
  delivered(message: StoredMessage): void {
    const practice = this.all().find((p) => p.mailboxId === message.to);
    if (!practice) return;
    const { behaviour } = practice;
    if (!behaviour.collect) {
      this.deps.scheduler.later(behaviour.undeliveredAfterMs, () => {
        if (message.status !== 'accepted') return;
        message.status = 'undeliverable';
        postReport(
          this.deps.mesh,
          message,
          { code: MESH_REPORT.undelivered.code, event: 'SEND', description: MESH_REPORT.undelivered.display },
          this.deps.clock.now(),
        );
        this.deps.logger.info({ practiceOds: practice.ods, meshMessageId: message.messageId }, 'simulated MESH: message undelivered');
      });
      return;
    }
    this.deps.scheduler.later(behaviour.infAckDelayMs, () => this.collect(practice, message));
  }

  private collect(practice: Practice, message: StoredMessage): void {
    const now = this.deps.clock.now();
    if (message.status !== 'accepted') return;
    let body: unknown = null;
    try {
      body = JSON.parse(Buffer.concat(message.chunks).toString('utf8'));
    } catch {
      body = null;
    }
    // After reading: acknowledging may let the stored body go.
    this.deps.mesh.acknowledge(message, now);
    const summary = summariseMessage(body);
    const valid = body !== null && this.deps.validate(body).valid && summary.bundleIdentifier !== null && summary.messageHeaderId !== null;
    const duplicateMessage = summary.bundleIdentifier !== null && practice.knownBundles.has(summary.bundleIdentifier);
    const documentOwner = summary.documentIdentifier === null ? undefined : practice.knownDocuments.get(summary.documentIdentifier);
    const duplicateDocument = documentOwner !== undefined && documentOwner !== summary.bundleIdentifier;
    const infCode = infrastructureAckCode({ valid, duplicateMessage, duplicateDocument }, practice.behaviour);

    const receipt: Receipt = {
      meshMessageId: message.messageId,
      bundleIdentifier: summary.bundleIdentifier,
      messageHeaderId: summary.messageHeaderId,
      deliveredAt: message.deliveredAt ?? message.createdAt,
      receivedAt: now.toISOString(),
      infAckCode: null,
      infAckMessageId: null,
      busAckCode: null,
      taskId: null,
    };
    practice.receipts.push(receipt);
    this.deps.logger.info({ practiceOds: practice.ods, meshMessageId: message.messageId, itkCode: infCode }, 'simulated GP system: message collected');

    if (practice.behaviour.infAck === 'send') {
      receipt.infAckMessageId = this.sendAck(practice, message, summary, infCode);
      receipt.infAckCode = infCode;
    }
    if (infCode !== ITK_RESPONSE.success.code) return;

    if (summary.bundleIdentifier !== null) practice.knownBundles.add(summary.bundleIdentifier);
    if (summary.documentIdentifier !== null && summary.bundleIdentifier !== null)
      practice.knownDocuments.set(summary.documentIdentifier, summary.bundleIdentifier);

    const businessCode = businessAckCode(practice.behaviour);
    if (businessCode !== ITK_RESPONSE.patientKnown.code) {
      // No match, no task: the negative business ack follows the infrastructure one.
      this.deps.scheduler.later(practice.behaviour.busAckDelayMs, () => this.sendBusinessAck(practice, message, summary, receipt, businessCode));
      return;
    }
    const task: GpTask = {
      taskId: randomUUID(),
      meshMessageId: message.messageId,
      senderMailbox: message.from,
      localId: message.localId,
      receivedAt: now.toISOString(),
      status: 'awaiting-filing',
      filedAt: null,
      summary,
    };
    practice.tasks.set(task.taskId, task);
    receipt.taskId = task.taskId;
    if (practice.behaviour.autoFile) this.file(practice.ods, task.taskId);
  }

  /** Staff filed the consultation into the record (one click): the business ack 30001 follows. */
  file(ods: string, taskId: string): FileResult {
    const practice = this.get(ods);
    const task = practice?.tasks.get(taskId);
    if (!practice || !task) return 'not-found';
    if (task.status === 'filed') return 'already-filed';
    task.status = 'filed';
    task.filedAt = this.deps.clock.now().toISOString();
    const message = this.deps.mesh.get(task.meshMessageId);
    const receipt = practice.receipts.find((r) => r.taskId === taskId);
    this.deps.logger.info({ practiceOds: practice.ods, meshMessageId: task.meshMessageId }, 'simulated GP system: consultation filed');
    if (message && receipt)
      this.deps.scheduler.later(practice.behaviour.busAckDelayMs, () =>
        this.sendBusinessAck(practice, message, task.summary, receipt, ITK_RESPONSE.patientKnown.code),
      );
    return 'filed';
  }

  private sendBusinessAck(practice: Practice, message: StoredMessage, summary: ReceivedMessageSummary, receipt: Receipt, code: string): void {
    if (practice.behaviour.busAck !== 'send') return;
    this.sendAck(practice, message, summary, code);
    receipt.busAckCode = code;
  }

  /** Returns the MESH message id of the ack. */
  private sendAck(practice: Practice, original: StoredMessage, summary: ReceivedMessageSummary, code: string): string {
    const now = this.deps.clock.now();
    const ack = buildItkAck({
      code,
      // ITK3 asks for a response wherever possible, even when the header could not be read.
      original: { messageHeaderId: summary.messageHeaderId ?? 'unknown', senderReference: summary.senderReference },
      responder: { odsCode: practice.ods, endpoint: practice.mailboxId },
      timestamp: now.toISOString(),
    });
    const sent = this.deps.mesh.create(
      {
        type: 'DATA',
        from: practice.mailboxId,
        to: original.from,
        workflowId: WORKFLOW.updateRecordAck,
        // Echo the sender's local id so an ack correlates even before its payload is parsed.
        localId: original.localId,
        contentType: 'application/fhir+json',
        firstChunk: Buffer.from(JSON.stringify(ack), 'utf8'),
      },
      now,
    );
    practice.acks.push({
      code,
      kind: code.startsWith('3') ? 'business' : 'infrastructure',
      meshMessageId: sent.messageId,
      inReplyTo: original.messageId,
      messageHeaderId: summary.messageHeaderId,
      to: original.from,
      sentAt: now.toISOString(),
    });
    return sent.messageId;
  }

  /**
   * Every Update Record a GP system collected, with when it reached the practice's MESH inbox and
   * when the sender collected (acknowledged) the infrastructure ack: ids, codes and times only.
   */
  received(practiceOds?: string): CollectedMessage[] {
    const practices = practiceOds === undefined ? this.all() : [this.get(practiceOds)].filter((p): p is Practice => p !== undefined);
    return practices.flatMap((practice) =>
      practice.receipts.map((receipt) => ({
        practiceOds: practice.ods,
        meshMessageId: receipt.meshMessageId,
        bundleIdentifier: receipt.bundleIdentifier,
        messageHeaderId: receipt.messageHeaderId,
        deliveredAt: receipt.deliveredAt,
        collectedAt: receipt.receivedAt,
        infAckCode: receipt.infAckCode,
        infAckCollectedAt: receipt.infAckMessageId === null ? null : (this.deps.mesh.get(receipt.infAckMessageId)?.acknowledgedAt ?? null),
        busAckCode: receipt.busAckCode,
      })),
    );
  }

  /** Counts for pollers: messages collected, and infrastructure acks the sender has collected. */
  receivedCounts(): { messages: number; infAcksCollected: number } {
    let messages = 0;
    let infAcksCollected = 0;
    for (const practice of this.practices.values()) {
      messages += practice.receipts.length;
      for (const receipt of practice.receipts)
        if (receipt.infAckMessageId !== null && this.deps.mesh.get(receipt.infAckMessageId)?.acknowledgedAt) infAcksCollected += 1;
    }
    return { messages, infAcksCollected };
  }

  clear(): void {
    this.practices.clear();
  }
}

export interface CollectedMessage {
  practiceOds: string;
  meshMessageId: string;
  bundleIdentifier: string | null;
  messageHeaderId: string | null;
  /** When MESH put it in the practice's inbox. */
  deliveredAt: string;
  /** When the practice's GP system collected it. */
  collectedAt: string;
  infAckCode: string | null;
  /** When the sender acknowledged (collected) the infrastructure ack; null until then. */
  infAckCollectedAt: string | null;
  busAckCode: string | null;
}
