import { isolatedTopics, quietLogger, testKafka } from '@firstsync/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { createRecordProducer, type IncomingRecord, type Materialised, materialise, replayToEnd, topicOffsets } from '../src';

describe('materialise against the real broker', () => {
  const producer = createRecordProducer(testKafka(), quietLogger);
  const views: Materialised[] = [];
  afterAll(async () => {
    await Promise.all(views.map((view) => view.stop()));
    await producer.disconnect();
  });

  it('reads a topic to its end as of start, keeps following it, and catches up with later writes', async () => {
    const { topics } = await isolatedTopics('materialise');
    await producer.connect();
    const keys = ['a', 'b', 'c', 'd', 'e', 'f'];
    await producer.send(keys.map((key, i) => ({ topic: topics.pipelineEvents, key, value: String(i) })));
    const seen: string[] = [];
    const view = await materialise(testKafka(), quietLogger, {
      name: 'test-view',
      groupIdPrefix: 'test-materialise-',
      topics: [topics.pipelineEvents],
      apply: (record: IncomingRecord) => {
        if (record.value?.toString() === 'boom') throw new Error('a record this view cannot use');
        seen.push(String(record.value));
      },
    });
    views.push(view);
    await view.reached;
    expect(view.caughtUp).toBe(true);
    expect(seen.sort()).toEqual(['0', '1', '2', '3', '4', '5']);

    // A record the view throws on is skipped; what follows it is still applied.
    await producer.send([
      { topic: topics.pipelineEvents, key: 'a', value: 'boom' },
      { topic: topics.pipelineEvents, key: 'a', value: 'later' },
    ]);
    await view.catchUp(20_000);
    expect(seen).toContain('later');
  });

  it("retries what a view's store failed to write, in order, instead of skipping it (failedApply: 'retry')", async () => {
    const { topics } = await isolatedTopics('materialise-retry');
    await producer.connect();
    // One key: one partition, so the order seen is the order written.
    await producer.send(['0', '1', '2', '3'].map((value) => ({ topic: topics.pipelineEvents, key: 'k', value })));
    const stored: string[] = [];
    let failuresLeft = 2;
    const batchView = await materialise(testKafka(), quietLogger, {
      name: 'test-retry-batch',
      groupIdPrefix: 'test-retry-batch-',
      topics: [topics.pipelineEvents],
      failedApply: 'retry',
      applyBatch: async (records) => {
        // A store that is down for the first two writes (a database restarting).
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          throw new Error('store unavailable');
        }
        stored.push(...records.map((r) => String(r.value)));
      },
    });
    views.push(batchView);
    await batchView.reached;
    expect(failuresLeft).toBe(0);
    expect(stored).toEqual(['0', '1', '2', '3']);

    // The same with a per-record view: the failing record is applied once its store is back, and
    // nothing after it is applied before it.
    const seen: string[] = [];
    let recordFailures = 1;
    const recordView = await materialise(testKafka(), quietLogger, {
      name: 'test-retry-record',
      groupIdPrefix: 'test-retry-record-',
      topics: [topics.pipelineEvents],
      failedApply: 'retry',
      apply: (record: IncomingRecord) => {
        if (String(record.value) === '1' && recordFailures > 0) {
          recordFailures -= 1;
          throw new Error('store unavailable');
        }
        seen.push(String(record.value));
      },
    });
    views.push(recordView);
    await recordView.reached;
    expect(recordFailures).toBe(0);
    expect(seen).toEqual(['0', '1', '2', '3']);
  });

  it('resumes a view from its start offsets: caught up at once where it holds everything, reading only what follows', async () => {
    const { topics } = await isolatedTopics('materialise-resume');
    await producer.connect();
    await producer.send(['a', 'b', 'c', 'd'].map((key, i) => ({ topic: topics.pipelineEvents, key, value: String(i) })));
    // The view holds every record written so far: it starts at the end of every partition.
    const startOffsets = (await topicOffsets(testKafka(), topics.pipelineEvents)).map((o) => ({
      topic: topics.pipelineEvents,
      partition: o.partition,
      offset: o.high,
    }));
    const seen: string[] = [];
    const view = await materialise(testKafka(), quietLogger, {
      name: 'test-resume',
      groupIdPrefix: 'test-resume-',
      topics: [topics.pipelineEvents],
      startOffsets,
      apply: (record: IncomingRecord) => void seen.push(String(record.value)),
    });
    views.push(view);
    await view.reached;
    await producer.send([{ topic: topics.pipelineEvents, key: 'a', value: 'new' }]);
    await view.catchUp(20_000);
    expect(seen).toEqual(['new']);
  });

  it('replays to the end and stops; an empty topic costs no consumer', async () => {
    const { topics } = await isolatedTopics('replay-to-end');
    const options = { name: 'test-replay', groupIdPrefix: 'test-replay-', topics: [topics.opsCommands], timeoutMs: 20_000 };
    const seen: string[] = [];
    await replayToEnd(testKafka(), quietLogger, { ...options, apply: (record) => void seen.push(String(record.value)) });
    expect(seen).toEqual([]);
    await producer.connect();
    await producer.send([1, 2, 3].map((n) => ({ topic: topics.opsCommands, key: 'k', value: String(n) })));
    await replayToEnd(testKafka(), quietLogger, { ...options, apply: (record) => void seen.push(String(record.value)) });
    expect(seen).toEqual(['1', '2', '3']);
  });
});
