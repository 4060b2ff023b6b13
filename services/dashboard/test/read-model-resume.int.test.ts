import { randomUUID } from 'node:crypto';
import type { OpsCommand, PipelineEvent } from '@firstsync/contracts';
import { createRecordProducer, type OutgoingRecord, type TopicNames } from '@firstsync/kafka';
import { openReadStore, type ReadStore } from '@firstsync/read-store';
import { isolatedTopics, quietLogger, testKafka } from '@firstsync/testkit';
import { defined } from '@firstsync/testkit/defined';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConsultationView } from '../src/read-model/derive-consultation';
import type { ApplyResult, ReadModelSnapshot, RecordPosition } from '../src/read-model/read-model';
import { StoreReadModel } from '../src/read-model/store-read-model';
import { eventually, type RunningDashboard, startDashboard } from './support/dashboard-harness';
import { journey } from './support/events';
import { minimalGpMessage } from './support/gp-message';

const eventCount = (snapshot: ReadModelSnapshot) => snapshot.consultations.reduce((n, c) => n + c.timeline.length, 0);

/** A store-backed model that counts the records its feed hands it: what a restart read from Kafka. */
class CountingModel extends StoreReadModel {
  events = 0;
  commands = 0;
  override applyAll(events: readonly PipelineEvent[], from?: RecordPosition): Promise<ApplyResult[]> {
    this.events += events.length;
    return super.applyAll(events, from);
  }
  override applyCommand(command: OpsCommand, from?: RecordPosition): Promise<boolean> {
    this.commands += 1;
    return super.applyCommand(command, from);
  }
}

const hold = (): OpsCommand => ({
  type: 'hold-practice',
  commandId: randomUUID(),
  requestedAt: new Date().toISOString(),
  requestedBy: 'operator',
  reason: 'migration',
  practiceOds: 'B82002',
});

async function publish(topics: TopicNames, events: readonly PipelineEvent[], commands: readonly OpsCommand[], extra: OutgoingRecord[] = []) {
  const producer = createRecordProducer(testKafka('dash-resume-test'), quietLogger);
  await producer.connect();
  try {
    await producer.send([
      ...events.map((e) => ({ topic: topics.pipelineEvents, key: e.consultationId ?? null, value: JSON.stringify(e) })),
      ...commands.map((c) => ({ topic: topics.opsCommands, key: c.commandId, value: JSON.stringify(c) })),
      ...extra,
    ]);
  } finally {
    await producer.disconnect();
  }
}

describe('a store-backed dashboard resumes from its stored offsets (embedded PGlite)', () => {
  const running: RunningDashboard[] = [];
  const stores: ReadStore<ConsultationView>[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((r) => r.stop()));
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });

  it('a restart reads only the records written since, and still knows the patients of the GP messages', async () => {
    const { prefix, topics } = await isolatedTopics('dash-resume');
    // The store outlives the dashboard process as a database would; each start gets a model of its own.
    const store = await openReadStore<ConsultationView>({ url: 'pglite:' });
    stores.push(store);
    const open = async () => new CountingModel(store);

    const early = Array.from({ length: 4 }, () => randomUUID());
    const before = early.flatMap((id, i) =>
      journey(
        id,
        [
          ['received', i * 10],
          ['mapped', i * 10 + 1],
          ['sent', i * 10 + 2],
        ],
        'A81001',
      ),
    );
    const firstId = defined(early[0], 'a consultation id');
    const gpMessage: OutgoingRecord = {
      topic: topics.gpMessages,
      key: 'A81001',
      value: JSON.stringify(minimalGpMessage({ consultationId: firstId, practiceOds: 'A81001', nhsNumber: '9990001234', surname: 'RESUME' })),
    };
    await publish(topics, before, [hold()], [gpMessage]);

    const firstModel = await open();
    const first = await startDashboard({ prefix, topics, readModel: firstModel });
    running.push(first);
    await eventually('the first start to apply every event and the command', async () => {
      const snapshot = await firstModel.snapshot();
      return eventCount(snapshot) === before.length && snapshot.audit.some((e) => e.kind === 'command') ? true : undefined;
    });
    expect(firstModel.events).toBe(before.length);
    expect(firstModel.commands).toBe(1);
    await first.stop();
    running.splice(0);

    // Written while no dashboard runs: a new consultation and another command.
    const late = randomUUID();
    const after = journey(
      late,
      [
        ['received', 100],
        ['mapped', 101],
      ],
      'A81001',
    );
    await publish(topics, after, [hold()]);

    const secondModel = await open();
    const second = await startDashboard({ prefix, topics, readModel: secondModel });
    running.push(second);
    await eventually('the restart to apply the new records', async () => {
      const snapshot = await secondModel.snapshot();
      return eventCount(snapshot) === before.length + after.length && snapshot.audit.filter((e) => e.kind === 'command').length === 2 ? true : undefined;
    });
    // Let anything read twice arrive before counting.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(secondModel.events).toBe(after.length);
    expect(secondModel.commands).toBe(1);
    expect(second.dashboard.ready()).toBe(true);
    // GP messages live in memory only, so they are read again from the beginning at every start.
    await eventually('the GP message to be read again', () => second.dashboard.identities.lookup(firstId));
    expect(second.dashboard.identities.lookup(firstId)).toEqual({ nhsNumber: '9990001234', surname: 'RESUME' });
  });
});
