import { type OpsCommand, opsCommandSchema, type PipelineEvent, pipelineEventSchema } from '@firstsync/contracts';
import { HEADER, pipelineEventRecord, type RecordProducer, SCHEMA, type TopicNames } from '@firstsync/kafka';

export interface CommandPublisher {
  /** Validates and publishes; resolves once Kafka acknowledged (acks=all). */
  publishCommand(command: OpsCommand): Promise<void>;
  /** Appends an audit event (e.g. `revealed`) to pipeline.events.v1. */
  publishEvent(event: PipelineEvent): Promise<void>;
}

export function createCommandPublisher(producer: RecordProducer, topics: Pick<TopicNames, 'opsCommands' | 'pipelineEvents'>): CommandPublisher {
  return {
    async publishCommand(command) {
      const valid = opsCommandSchema.parse(command);
      const headers: Record<string, string> = { [HEADER.producedBy]: 'dashboard', [HEADER.schema]: SCHEMA.opsCommand };
      if (valid.type === 'resend') headers[HEADER.consultationId] = valid.consultationId;
      await producer.send({ topic: topics.opsCommands, key: valid.commandId, value: JSON.stringify(valid), headers });
    },
    async publishEvent(event) {
      const valid = pipelineEventSchema.parse(event);
      await producer.send(pipelineEventRecord(topics, valid, { [HEADER.producedBy]: 'dashboard' }));
    },
  };
}
