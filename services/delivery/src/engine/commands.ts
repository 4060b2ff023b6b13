import { type OpsCommand, opsCommandSchema } from '@firstsync/contracts';
import { HEADER, type OutgoingRecord, type TopicNames } from '@firstsync/kafka';
import type { IndexedMessage } from '../state/message-index';
import { eventRecord, messageFields, requeueRecord } from './outputs';

/** What the command planner may look at: the latest message per consultation and the parked ones. */
export interface CommandLookups {
  latest(consultationId: string): IndexedMessage | undefined;
  parked(practiceOds: string): IndexedMessage[];
}

export type CommandPlan =
  /** `hold`: the hold state the command sets, applied to the registry before the next message is routed. */
  | { readonly kind: 'act'; readonly records: OutgoingRecord[]; readonly hold?: { readonly practiceOds: string; readonly held: boolean } }
  | { readonly kind: 'skip'; readonly reason: string };

export interface PlanInput {
  readonly value: unknown;
  /** Offset of the command on ops.commands (one partition): orders holds and releases. */
  readonly offset: number;
  readonly now: Date;
  readonly maxAgeMs: number;
}

function operator(command: OpsCommand) {
  return { actor: command.requestedBy, reason: command.reason };
}

function commandIdOf(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const id = (value as { commandId?: unknown }).commandId;
  return typeof id === 'string' ? id.slice(0, 64) : null;
}

/**
 * Pure: the records that carry out one operator command. A resend puts the latest copy of the
 * message back on the main path unchanged (same Bundle identifiers, so the GP side deduplicates);
 * a release puts the practice's parked messages back, stamped with the release's offset so any
 * instance lets them through even before it has read the release itself.
 */
export function planCommand(input: PlanInput, topics: TopicNames, lookups: CommandLookups): CommandPlan {
  const { now } = input;
  const parsed = opsCommandSchema.safeParse(input.value);
  if (!parsed.success) {
    const commandId = commandIdOf(input.value);
    const message = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    return {
      kind: 'act',
      records: [
        eventRecord(
          topics,
          { type: 'command-rejected', code: 'invalid-command', message: `not a valid command: ${message}`, details: { commandId, offset: input.offset } },
          now,
        ),
      ],
    };
  }
  const command = parsed.data;
  const age = now.getTime() - Date.parse(command.requestedAt);
  if (age > input.maxAgeMs) return { kind: 'skip', reason: `command older than ${input.maxAgeMs} ms` };
  const details = { commandId: command.commandId, commandType: command.type };

  function resend(consultationId: string): OutgoingRecord[] {
    const entry = lookups.latest(consultationId);
    if (!entry) {
      return [
        eventRecord(
          topics,
          {
            type: 'command-rejected',
            consultationId,
            ...operator(command),
            code: 'unknown-consultation',
            message: 'no message for this consultation is known to delivery',
            details,
          },
          now,
        ),
      ];
    }
    return [
      requeueRecord(topics, entry.gpMessage, { [HEADER.resendCommandId]: command.commandId }),
      eventRecord(
        topics,
        {
          type: 'resend-requested',
          ...messageFields(entry.gpMessage),
          ...operator(command),
          details: { ...details, previousState: entry.state, bundleIdentifier: entry.gpMessage.identifiers.bundleIdentifier },
        },
        now,
      ),
    ];
  }

  switch (command.type) {
    case 'resend':
      return { kind: 'act', records: resend(command.consultationId) };
    case 'resend-set':
      return { kind: 'act', records: [...new Set(command.consultationIds)].flatMap(resend) };
    case 'hold-practice':
      return {
        kind: 'act',
        hold: { practiceOds: command.practiceOds, held: true },
        records: [eventRecord(topics, { type: 'practice-held', practiceOds: command.practiceOds, ...operator(command), details }, now)],
      };
    case 'release-practice': {
      const parked = lookups.parked(command.practiceOds);
      return {
        kind: 'act',
        hold: { practiceOds: command.practiceOds, held: false },
        records: [
          ...parked.map((entry) => requeueRecord(topics, entry.gpMessage, { [HEADER.releasedByCommandOffset]: String(input.offset) })),
          eventRecord(
            topics,
            { type: 'practice-released', practiceOds: command.practiceOds, ...operator(command), details: { ...details, requeued: parked.length } },
            now,
          ),
        ],
      };
    }
  }
}
