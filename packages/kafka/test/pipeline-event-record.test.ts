import { describe, expect, it } from 'vitest';
import { HEADER, SCHEMA } from '../src/headers';
import { type PipelineEventKeys, pipelineEventRecord } from '../src/pipeline-event-record';

const topics = { pipelineEvents: 'test.pipeline.events.v1' };

describe('pipelineEventRecord', () => {
  it('keys a consultation event by consultation and names its schema and consultation in headers', () => {
    const event = { eventId: 'e1', type: 'received', consultationId: 'c1', practiceOds: 'A12345' };
    expect(pipelineEventRecord(topics, event, { [HEADER.producedBy]: 'ingest' })).toEqual({
      topic: topics.pipelineEvents,
      key: 'c1',
      value: JSON.stringify(event),
      headers: { [HEADER.producedBy]: 'ingest', [HEADER.schema]: SCHEMA.pipelineEvent, [HEADER.consultationId]: 'c1' },
    });
  });

  it('keys a practice-level event by practice, and an event with neither without a key', () => {
    const held = { type: 'practice-held', practiceOds: 'A12345' };
    expect(pipelineEventRecord(topics, held).key).toBe('A12345');
    const unreadable: PipelineEventKeys & { type: string } = { type: 'mapping-failed' };
    const bare = pipelineEventRecord(topics, unreadable);
    expect(bare.key).toBeNull();
    expect(bare.headers).toEqual({ [HEADER.schema]: SCHEMA.pipelineEvent });
  });
});
