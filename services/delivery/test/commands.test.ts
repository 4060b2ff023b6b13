import { randomUUID } from 'node:crypto';
import type { PipelineEvent } from '@firstsync/contracts';
import { HEADER, type OutgoingRecord, resolveTopicNames } from '@firstsync/kafka';
import { describe, expect, it } from 'vitest';
import { type CommandLookups, planCommand } from '../src/engine/commands';
import type { IndexedMessage } from '../src/state/message-index';
import { command, gpMessage } from './support/messages';

const topics = resolveTopicNames('u.');
const now = new Date();
const deadLettered: IndexedMessage = { gpMessage: gpMessage('A11111'), state: 'dead-lettered', at: 1 };
const parked: IndexedMessage[] = [
  { gpMessage: gpMessage('B22222'), state: 'parked', at: 1, parkReason: 'held' },
  { gpMessage: gpMessage('B22222'), state: 'parked', at: 2, parkReason: 'held' },
];
const lookups: CommandLookups = {
  latest: (id) => (id === deadLettered.gpMessage.consultationId ? deadLettered : undefined),
  parked: (ods) => parked.filter((entry) => entry.gpMessage.practiceOds === ods),
};
const plan = (value: unknown, offset = 7, maxAgeMs = 60_000) => planCommand({ value, offset, now, maxAgeMs }, topics, lookups);
const recordsOf = (p: ReturnType<typeof plan>): OutgoingRecord[] => (p.kind === 'act' ? p.records : []);
const eventsOf = (records: OutgoingRecord[]) =>
  records.filter((r) => r.topic === topics.pipelineEvents).map((r) => JSON.parse(String(r.value)) as PipelineEvent);

describe('planCommand', () => {
  it('resends the unchanged message (same identifiers) and records who asked and why', () => {
    const resend = command.resend(deadLettered.gpMessage.consultationId);
    const records = recordsOf(plan(resend));
    const [requeued] = records.filter((r) => r.topic === topics.gpMessages);
    expect(JSON.parse(String(requeued?.value))).toEqual(deadLettered.gpMessage);
    expect(requeued?.headers?.[HEADER.resendCommandId]).toBe(resend.commandId);
    expect(eventsOf(records)).toMatchObject([
      {
        type: 'resend-requested',
        consultationId: deadLettered.gpMessage.consultationId,
        actor: resend.requestedBy,
        reason: resend.reason,
        details: { previousState: 'dead-lettered', commandId: resend.commandId },
      },
    ]);
  });

  it('resends a set once per consultation and rejects the ids it does not know', () => {
    const unknown = randomUUID();
    const records = recordsOf(plan(command.resendSet([deadLettered.gpMessage.consultationId, unknown, deadLettered.gpMessage.consultationId])));
    expect(records.filter((r) => r.topic === topics.gpMessages)).toHaveLength(1);
    expect(eventsOf(records).map((e) => [e.type, e.consultationId])).toEqual([
      ['resend-requested', deadLettered.gpMessage.consultationId],
      ['command-rejected', unknown],
    ]);
  });

  it('holds a practice', () => {
    const result = plan(command.hold('B22222'));
    expect(result).toMatchObject({ kind: 'act', hold: { practiceOds: 'B22222', held: true } });
    expect(eventsOf(recordsOf(result))).toMatchObject([{ type: 'practice-held', practiceOds: 'B22222' }]);
  });

  it('releases a practice: its parked messages go back stamped with the release offset', () => {
    const result = plan(command.release('B22222'), 41);
    expect(result).toMatchObject({ kind: 'act', hold: { practiceOds: 'B22222', held: false } });
    const requeued = recordsOf(result).filter((r) => r.topic === topics.gpMessages);
    expect(requeued.map((r) => r.headers?.[HEADER.releasedByCommandOffset])).toEqual(['41', '41']);
    expect(eventsOf(recordsOf(result))).toMatchObject([{ type: 'practice-released', details: { requeued: 2 } }]);
  });

  it('rejects an invalid command visibly, naming the problem', () => {
    const events = eventsOf(recordsOf(plan({ type: 'hold-practice', practiceOds: 'not-ods', commandId: 'c-1' })));
    expect(events).toMatchObject([{ type: 'command-rejected', code: 'invalid-command', details: { commandId: 'c-1', offset: 7 } }]);
  });

  it('skips commands older than the maximum age (a new consumer group replaying the topic)', () => {
    const old = { ...command.hold('B22222'), requestedAt: new Date(now.getTime() - 120_000).toISOString() };
    expect(plan(old).kind).toBe('skip');
  });
});
