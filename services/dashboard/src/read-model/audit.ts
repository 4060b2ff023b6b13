import type { OpsCommand, PipelineEvent } from '@firstsync/contracts';

/** One line of the audit page: an operator command, or an operator/audit event, newest first. */
export interface AuditEntry {
  /** eventId or commandId. */
  id: string;
  at: string;
  kind: 'command' | 'event';
  /** Command type (resend, resend-set, hold-practice, release-practice) or event type. */
  type: string;
  actor?: string;
  reason?: string;
  consultationId?: string;
  consultationCount?: number;
  practiceOds?: string;
  commandId?: string;
  code?: string;
  message?: string;
  /** For commands: the types of the outcome events delivery recorded for it (matched on details.commandId). */
  outcomes?: string[];
}

export function commandEntry(command: OpsCommand, outcomes: readonly PipelineEvent[]): AuditEntry {
  const entry: AuditEntry = {
    id: command.commandId,
    at: command.requestedAt,
    kind: 'command',
    type: command.type,
    actor: command.requestedBy,
    reason: command.reason,
    commandId: command.commandId,
  };
  if (command.type === 'resend') entry.consultationId = command.consultationId;
  if (command.type === 'resend-set') entry.consultationCount = command.consultationIds.length;
  if (command.type === 'hold-practice' || command.type === 'release-practice') entry.practiceOds = command.practiceOds;
  entry.outcomes = [...new Set(outcomes.map((e) => e.type))];
  return entry;
}

export function eventEntry(event: PipelineEvent): AuditEntry {
  const entry: AuditEntry = { id: event.eventId, at: event.at, kind: 'event', type: event.type };
  if (event.actor !== undefined) entry.actor = event.actor;
  if (event.reason !== undefined) entry.reason = event.reason;
  if (event.consultationId !== undefined) entry.consultationId = event.consultationId;
  if (event.practiceOds !== undefined) entry.practiceOds = event.practiceOds;
  if (event.code !== undefined) entry.code = event.code;
  if (event.message !== undefined) entry.message = event.message;
  const commandId = event.details?.commandId;
  if (typeof commandId === 'string') entry.commandId = commandId;
  return entry;
}

export function compareAuditNewestFirst(a: AuditEntry, b: AuditEntry): number {
  const byTime = Date.parse(b.at) - Date.parse(a.at);
  if (byTime !== 0) return byTime;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
