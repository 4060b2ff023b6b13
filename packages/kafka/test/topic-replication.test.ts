import { describe, expect, it } from 'vitest';
import { topicReplication } from '../src';

describe('topicReplication', () => {
  it('leaves the broker defaults alone below 3 brokers (the single local broker stays as it was)', () => {
    expect(topicReplication(1)).toBeUndefined();
    expect(topicReplication(2)).toBeUndefined();
  });

  it('asks for 3 copies, 2 in sync, from 3 brokers on, so one broker may be lost under acks=all', () => {
    expect(topicReplication(3)).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });
    expect(topicReplication(6)).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });
  });
});
