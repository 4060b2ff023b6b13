import {
  consultationEventSchema,
  deliveryDeadLetterSchema,
  deliveryParkedSchema,
  gpMessageSchema,
  mappingDeadLetterSchema,
  opsCommandSchema,
  outcomeFactRecordSchema,
  pharmacyEventSchema,
  pipelineEventSchema,
  webhookAttemptSchema,
  webhookEndpointEventSchema,
} from '@firstsync/contracts';
import { HEADER, TOPICS, type TopicSpec } from '@firstsync/kafka';
import { z } from 'zod';

type JsonObject = Record<string, unknown>;

/**
 * AsyncAPI 3.0 description of every topic in @firstsync/kafka's TOPICS, with the payload schemas
 * generated from @firstsync/contracts. AsyncAPI's default schema format is a superset of JSON Schema
 * draft-07, so the schemas are generated for draft-07 (the committed *.schema.json files use 2020-12).
 */

const HEADER_DESCRIPTIONS: Record<keyof typeof HEADER, string> = {
  correlationId: 'Correlation id of the request that started the flow (X-Correlation-Id at ingest); for tracing across hops',
  consultationId: 'consultationId the record is about, so it can be traced without reading the payload',
  schema: 'Name and version of the value contract, e.g. consultation-event.v1',
  acceptanceId:
    "The publishing ingest instance's id for a consultations.v1 record, so it recognises its own record when it reads the partition back (first record of an id and version wins)",
  producedBy: 'The service that produced the record',
  traceparent: 'W3C trace context, when tracing is enabled',
  attempt: 'Delivery attempt number (retry tiers)',
  firstAttemptAt: 'When delivery was first attempted, ISO 8601 (retry tiers)',
  notBefore: 'Earliest time of the next attempt, ISO 8601 (retry tiers)',
  retryTier: 'The retry tier the record waits in (retry tiers)',
  heldSince: 'When the message was held back by a failure or an open breaker, ms since epoch (retry tiers)',
  releasedByCommandOffset: 'Offset of the release-practice command that put the message back',
  resendCommandId: 'Id of the resend command that put the message back',
  requeuedBy: 'Why delivery itself put the message back (start-up reroute, retryable acknowledgement)',
  disposition: 'What the dead letter asks for (rejected, needs-fallback, ...)',
  parkReason: 'Why the message is parked',
  failureReason: 'Why the mapping failed',
};

const RETRY_TIER = (topic: string) => topic.startsWith('delivery.retry.');

// Headers only some topics carry; every other header may be on any topic.
const HEADER_TOPICS: Partial<Record<keyof typeof HEADER, (topic: string) => boolean>> = {
  acceptanceId: (topic) => topic === 'consultations.v1',
  attempt: RETRY_TIER,
  firstAttemptAt: RETRY_TIER,
  notBefore: RETRY_TIER,
  retryTier: RETRY_TIER,
  heldSince: RETRY_TIER,
  releasedByCommandOffset: (topic) => topic === TOPICS.gpMessages.name,
  resendCommandId: (topic) => topic === TOPICS.gpMessages.name,
  requeuedBy: (topic) => topic === TOPICS.gpMessages.name,
  disposition: (topic) => topic === TOPICS.deliveryDeadLetter.name,
  parkReason: (topic) => topic === TOPICS.deliveryParked.name,
  failureReason: (topic) => topic === TOPICS.mappingDeadLetter.name,
};

// Topics that carry only these headers: a consultation id, correlation id or trace context on a
// de-identified fact would link it back to the patient topics.
const ONLY_HEADERS: Partial<Record<string, readonly (keyof typeof HEADER)[]>> = {
  [TOPICS.outcomesFacts.name]: ['schema', 'producedBy'],
};

interface PayloadContract {
  readonly name: string;
  readonly title: string;
  readonly schema: z.core.$ZodType;
}

const CONTRACTS = {
  consultationEvent: { name: 'ConsultationEvent', title: 'Accepted consultation with its ingest envelope', schema: consultationEventSchema },
  pipelineEvent: { name: 'PipelineEvent', title: 'What happened to a consultation at one stage (PII-free)', schema: pipelineEventSchema },
  opsCommand: { name: 'OpsCommand', title: 'Operator command with who asked and why', schema: opsCommandSchema },
  gpMessage: { name: 'GpMessage', title: 'GP Connect Update Record message ready for delivery', schema: gpMessageSchema },
  mappingDeadLetter: {
    name: 'MappingDeadLetter',
    title: 'A consultation event the mapper could not turn into a valid message',
    schema: mappingDeadLetterSchema,
  },
  deliveryDeadLetter: { name: 'DeliveryDeadLetter', title: 'A message delivery gave up on, with every attempt', schema: deliveryDeadLetterSchema },
  deliveryParked: { name: 'DeliveryParked', title: 'A message with no usable route yet', schema: deliveryParkedSchema },
  pharmacyEvent: {
    name: 'PharmacyEvent',
    title: 'What a pharmacy is told about its consultation (webhook payload and change-feed entry; PII-free)',
    schema: pharmacyEventSchema,
  },
  webhookEndpointEvent: {
    name: 'WebhookEndpointEvent',
    title: 'A change to a pharmacy webhook endpoint, with who made it',
    schema: webhookEndpointEventSchema,
  },
  webhookAttempt: { name: 'WebhookAttempt', title: 'One webhook delivery attempt and its outcome', schema: webhookAttemptSchema },
  outcomeFact: {
    name: 'OutcomeFactRecord',
    title: 'De-identified outcome fact of a consultation: its consultation part or the delivery part of one version (no patient identifiers)',
    schema: outcomeFactRecordSchema,
  },
} as const satisfies Record<string, PayloadContract>;

// Which contract is the value of which topic. Topics whose value has no schema in
// @firstsync/contracts yet are described by their producer's documentation only.
const TOPIC_PAYLOADS: Partial<Record<string, PayloadContract>> = {
  [TOPICS.consultations.name]: CONTRACTS.consultationEvent,
  [TOPICS.pipelineEvents.name]: CONTRACTS.pipelineEvent,
  [TOPICS.opsCommands.name]: CONTRACTS.opsCommand,
  [TOPICS.gpMessages.name]: CONTRACTS.gpMessage,
  [TOPICS.mappingDeadLetter.name]: CONTRACTS.mappingDeadLetter,
  [TOPICS.deliveryDeadLetter.name]: CONTRACTS.deliveryDeadLetter,
  [TOPICS.deliveryParked.name]: CONTRACTS.deliveryParked,
  [TOPICS.pharmacyEvents.name]: CONTRACTS.pharmacyEvent,
  [TOPICS.pharmacyWebhookEndpoints.name]: CONTRACTS.webhookEndpointEvent,
  [TOPICS.pharmacyWebhookAttempts.name]: CONTRACTS.webhookAttempt,
  [TOPICS.outcomesFacts.name]: CONTRACTS.outcomeFact,
};

function draft07(schema: z.core.$ZodType): JsonObject {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: 'draft-7', io: 'output', unrepresentable: 'throw' }) as JsonObject;
  return rest;
}

function headersSchema(spec: TopicSpec): JsonObject {
  const only = ONLY_HEADERS[spec.name];
  const names = (Object.keys(HEADER) as (keyof typeof HEADER)[]).filter((key) => (only ? only.includes(key) : (HEADER_TOPICS[key]?.(spec.name) ?? true)));
  return {
    type: 'object',
    description: 'Kafka record headers (UTF-8 strings)',
    properties: Object.fromEntries(names.map((key) => [HEADER[key], { type: 'string', description: HEADER_DESCRIPTIONS[key] }])),
  };
}

export function asyncApiDocument(): JsonObject {
  // Channel ids are the TOPICS keys, the names code uses (resolveTopicNames(prefix).consultations ...).
  const specs = Object.entries(TOPICS) as [string, TopicSpec][];
  const channels: JsonObject = {};
  const messages: JsonObject = {};
  const schemas: JsonObject = {};
  for (const contract of Object.values(CONTRACTS)) schemas[contract.name] = draft07(contract.schema);

  for (const [id, spec] of specs) {
    const contract = TOPIC_PAYLOADS[spec.name];
    const messageName = `${id}Record`;
    messages[messageName] = {
      name: messageName,
      title: contract?.title ?? `Record on ${spec.name}`,
      contentType: 'application/json',
      headers: headersSchema(spec),
      payload: contract
        ? { $ref: `#/components/schemas/${contract.name}` }
        : { type: 'object', description: 'Value defined by the producing service; not (yet) a schema in @firstsync/contracts.' },
      bindings: { kafka: { key: { type: 'string', description: spec.key }, bindingVersion: '0.5.0' } },
    };
    channels[id] = {
      address: spec.name,
      title: spec.name,
      description: `${spec.description} Key: ${spec.key}. The real topic name is KAFKA_TOPIC_PREFIX + this address.`,
      messages: { [messageName]: { $ref: `#/components/messages/${messageName}` } },
      bindings: {
        kafka: {
          topic: spec.name,
          partitions: spec.partitions,
          topicConfiguration: { 'cleanup.policy': spec.cleanupPolicy.split(','), 'retention.ms': spec.retentionMs },
          bindingVersion: '0.5.0',
        },
      },
    };
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'firstsync Kafka topics',
      version: '1.0.0',
      description:
        'Every topic firstsync uses: consultations from pharmacies, GP messages towards delivery, delivery retry tiers and dead letters, the pipeline event log, operator commands, the pharmacy events, webhook endpoints and webhook attempts, and the de-identified outcome facts. Generated from @firstsync/kafka TOPICS and @firstsync/contracts.',
    },
    defaultContentType: 'application/json',
    servers: {
      local: { host: '127.0.0.1:9092', protocol: 'kafka', description: 'Local single-node broker (infra/kafka-local)' },
    },
    channels,
    components: { messages, schemas },
  };
}
