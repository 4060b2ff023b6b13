import { type OpsCommand, opsCommandSchema, type PipelineEvent, pipelineEventSchema } from '@firstsync/contracts';
import { HEADER, type RecordProducer, type TopicNames } from '@firstsync/kafka';

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
      const headers: Record<string, string> = { [HEADER.producedBy]: 'dashboard', [HEADER.schema]: 'ops-command.v1' };
      if (valid.type === 'resend') headers[HEADER.consultationId] = valid.consultationId;
      await producer.send({ topic: topics.opsCommands, key: valid.commandId, value: JSON.stringify(valid), headers });
    },
    async publishEvent(event) {
      const valid = pipelineEventSchema.parse(event);
      const headers: Record<string, string> = { [HEADER.producedBy]: 'dashboard', [HEADER.schema]: 'pipeline-event.v1' };
      if (valid.consultationId) headers[HEADER.consultationId] = valid.consultationId;
      await producer.send({ topic: topics.pipelineEvents, key: valid.consultationId ?? valid.practiceOds ?? null, value: JSON.stringify(valid), headers });
    },
  };
}
