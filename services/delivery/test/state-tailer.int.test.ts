import { tmpdir } from 'node:os';
import { quietLogger, testKafka } from '@firstsync/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileBodyStore } from '../src/state/body-store';
import { InMemoryHoldRegistry } from '../src/state/hold-registry';
import { InMemoryMessageIndex } from '../src/state/message-index';
import { RouteMemory } from '../src/state/route-memory';
import { createStateTailer, type StateTailer } from '../src/state/state-tailer';
import { type Harness, startHarness } from './support/harness';
import { command, gpMessage } from './support/messages';

describe('delivery state tailer: holds and routes rebuilt apart from the message index', () => {
  let h: Harness;
  let tailer: StateTailer | undefined;

  beforeAll(async () => {
    h = await startHarness('dlv-tailer');
  });
  afterAll(async () => {
    await tailer?.stop();
    await h?.close();
  });

  it('has the holds and learnt routes once the control view caught up, and every message once the index did', async () => {
    const message = gpMessage('A10001');
    await h.publish(message);
    await h.command(command.hold('B20002'));
    await h.producer.send({
      topic: h.topics.deliveryPracticeRoutes,
      key: 'C30003',
      value: JSON.stringify({ practiceOds: 'C30003', state: 'switched-off', code: '20010', learnedAt: new Date().toISOString() }),
    });

    const index = new InMemoryMessageIndex(new FileBodyStore(tmpdir()), { newStore: () => new FileBodyStore(tmpdir()) });
    const holds = new InMemoryHoldRegistry();
    const routes = new RouteMemory();
    const started = createStateTailer({
      kafka: testKafka('dlv-tailer-state'),
      logger: quietLogger,
      topics: h.topics,
      index,
      holds,
      routes,
      groupIdPrefix: `${h.prefix}tailer`,
      sessionTimeoutMs: 10_000,
      heartbeatIntervalMs: 1_000,
    });
    tailer = started;
    await started.start();
    expect(started.controlCaughtUpOnce).toBe(false);

    await started.catchUpControl(20_000);
    expect(started.controlCaughtUpOnce).toBe(true);
    expect(holds.held()).toEqual(['B20002']);
    expect(routes.of('C30003')?.state).toBe('switched-off');

    await started.catchUp(20_000);
    expect(started.caughtUpOnce).toBe(true);
    expect(index.latest(message.consultationId)?.gpMessage.version).toBe(message.version);
  });
});
