import { randomUUID } from 'node:crypto';
import type { OpsCommand, PipelineEvent } from '@firstsync/contracts';
import { createRecordProducer, type OutgoingRecord } from '@firstsync/kafka';
import { isolatedTopics, quietLogger, testKafka } from '@firstsync/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReadModelSnapshot } from '../src/read-model/read-model';
import { DEMO, eventually, type RunningDashboard, startDashboard } from './support/dashboard-harness';
import { event, journey } from './support/events';
import { minimalGpMessage } from './support/gp-message';
import { signIn } from './support/http-session';

const eventCount = (snapshot: ReadModelSnapshot) => snapshot.consultations.reduce((n, c) => n + c.timeline.length, 0);

describe('read model rebuilt from pipeline.events.v1 on the real broker', () => {
  const running: RunningDashboard[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((r) => r.stop()));
  });

  it('a restarted dashboard rebuilds exactly the same model, including its own audit events and commands', async () => {
    const { prefix, topics } = await isolatedTopics('dash-rebuild');
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    const events: PipelineEvent[] = [
      ...journey(
        a,
        [
          ['received', 0],
          ['mapped', 1],
          ['sent', 2, { transport: 'fhir-rest', attempt: 1 }],
          ['dead-lettered', 2, { code: '422', message: 'rejected' }],
        ],
        'A81001',
      ),
      ...journey(
        b,
        [
          ['received', 5],
          ['mapped', 6],
          ['sent', 7],
          ['retry-scheduled', 8, { details: { circuit: 'open' } }],
        ],
        'B82002',
      ),
      ...journey(
        c,
        [
          ['received', 10],
          ['mapped', 11],
          ['sent', 12],
          ['delivered', 13],
        ],
        'A81001',
      ),
      event('practice-held', 20, { practiceOds: 'B82002', actor: 'operator', reason: 'migration' }),
    ];
    // Out of order (reversed) and with duplicates (same eventId published again), as redelivery produces.
    const published = [...events].reverse().concat(events.slice(0, 3));
    const hold: OpsCommand = {
      type: 'hold-practice',
      commandId: randomUUID(),
      requestedAt: new Date().toISOString(),
      requestedBy: 'operator',
      reason: 'migration',
      practiceOds: 'B82002',
    };
    const records: OutgoingRecord[] = [
      ...published.map((e) => ({ topic: topics.pipelineEvents, key: e.consultationId ?? e.practiceOds ?? null, value: JSON.stringify(e) })),
      {
        topic: topics.gpMessages,
        key: 'A81001',
        value: JSON.stringify(minimalGpMessage({ consultationId: a, practiceOds: 'A81001', nhsNumber: '9990001234', surname: 'REBUILD' })),
      },
      { topic: topics.opsCommands, key: hold.commandId, value: JSON.stringify(hold) },
    ];
    const producer = createRecordProducer(testKafka('dash-rebuild-test'), quietLogger);
    await producer.connect();
    try {
      await producer.send(records);
    } finally {
      await producer.disconnect();
    }

    const first = await startDashboard({ prefix, topics });
    running.push(first);
    await eventually('the first instance to read every event and the command', async () => {
      const snapshot = await first.dashboard.readModel.snapshot();
      return eventCount(snapshot) === events.length - 1 && snapshot.audit.some((e) => e.kind === 'command') ? snapshot : undefined;
    });
    // The dashboard's own write (an audited reveal) must survive the restart too.
    const operator = await signIn(first.baseUrl, DEMO.operator.username, DEMO.operator.password);
    const reveal = await operator.postJson(`/api/consultations/${a}/reveal`, { reason: 'practice called' });
    expect(reveal.status).toBe(200);
    expect(await reveal.json()).toMatchObject({ identity: { nhsNumber: '9990001234', surname: 'REBUILD' } });
    const before = await eventually('the reveal to come back from Kafka', async () => {
      const snapshot = await first.dashboard.readModel.snapshot();
      return snapshot.audit.some((e) => e.type === 'revealed' && e.consultationId === a) ? snapshot : undefined;
    });
    expect(before.counts).toMatchObject({ total: 3, 'dead-lettered': 1, retrying: 1, delivered: 1 });
    expect(before.practices.find((p) => p.practiceOds === 'B82002')).toMatchObject({ held: true, circuit: 'open' });

    await first.stop();
    running.splice(running.indexOf(first), 1);

    const second = await startDashboard({ prefix, topics });
    running.push(second);
    const after = await eventually('the restarted instance to catch up', async () => {
      const snapshot = await second.dashboard.readModel.snapshot();
      return eventCount(snapshot) === eventCount(before) && snapshot.audit.length === before.audit.length ? snapshot : undefined;
    });
    expect(after).toEqual(before);
    expect(second.dashboard.identities.lookup(a)).toEqual({ nhsNumber: '9990001234', surname: 'REBUILD' });
  });
});
