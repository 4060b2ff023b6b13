import { PIPELINE_EVENT_TYPES } from '@firstsync/contracts';
import { type OutgoingRecord, RETRY_TIERS, type RecordProducer, TOPICS } from '@firstsync/kafka';
import { Counter, type Registry } from 'prom-client';
import { topicLabeller } from './topic-labels';

const EVENT_TYPES: ReadonlySet<string> = new Set(PIPELINE_EVENT_TYPES);
const DEAD_LETTER_TOPICS: ReadonlySet<string> = new Set([TOPICS.mappingDeadLetter.name, TOPICS.deliveryDeadLetter.name]);
const RETRY_TOPICS: ReadonlyMap<string, string> = new Map(RETRY_TIERS.map((tier) => [`delivery.retry.${tier.id}`, tier.id]));
// The event's own `type` key. Strings inside the JSON are escaped (\"), so the pattern only meets
// keys; `details` is the only nested object and may precede `type` in rare events, which is why
// the value found is checked against the enum ('other' when it is not one).
const TYPE_PATTERN = /"type":"([a-z-]+)"/;

/** The pipeline event type of a record on pipeline.events.v1, without parsing the whole event. */
export function pipelineEventType(value: string | Buffer): string {
  const text = typeof value === 'string' ? value : value.toString('utf8');
  const found = TYPE_PATTERN.exec(text)?.[1];
  return found !== undefined && EVENT_TYPES.has(found) ? found : 'other';
}

function tally(counts: Map<string, number>, label: string): void {
  counts.set(label, (counts.get(label) ?? 0) + 1);
}

/**
 * What a service writes, counted where every write passes: the producer. Counters are added up per
 * send (one increment per label and batch), so the hot path pays a map update per record.
 *
 * - `firstsync_kafka_records_produced_total{topic}`
 * - `firstsync_pipeline_events_total{type}`: pipeline outcomes by state, one per event emitted
 * - `firstsync_retries_scheduled_total{tier}`
 * - `firstsync_dead_letters_total{topic}`
 */
export function observeProducer(registry: Registry, producer: RecordProducer, prefix: string): RecordProducer {
  const labelOf = topicLabeller(prefix);
  const produced = new Counter({
    name: 'firstsync_kafka_records_produced_total',
    help: 'Records written to Kafka, by logical topic',
    labelNames: ['topic'] as const,
    registers: [registry],
  });
  const events = new Counter({
    name: 'firstsync_pipeline_events_total',
    help: 'Pipeline events emitted, by event type (what happened to a consultation)',
    labelNames: ['type'] as const,
    registers: [registry],
  });
  const retries = new Counter({
    name: 'firstsync_retries_scheduled_total',
    help: 'Messages written to a delivery retry tier',
    labelNames: ['tier'] as const,
    registers: [registry],
  });
  const deadLetters = new Counter({
    name: 'firstsync_dead_letters_total',
    help: 'Records written to a dead-letter topic (each one waits for an operator)',
    labelNames: ['topic'] as const,
    registers: [registry],
  });
  const pipelineTopic = `${prefix}${TOPICS.pipelineEvents.name}`;

  function count(records: readonly OutgoingRecord[]): void {
    const byTopic = new Map<string, number>();
    const byType = new Map<string, number>();
    for (const record of records) {
      tally(byTopic, labelOf(record.topic));
      if (record.topic === pipelineTopic) tally(byType, pipelineEventType(record.value));
    }
    for (const [topic, n] of byTopic) {
      produced.inc({ topic }, n);
      const tier = RETRY_TOPICS.get(topic);
      if (tier !== undefined) retries.inc({ tier }, n);
      if (DEAD_LETTER_TOPICS.has(topic)) deadLetters.inc({ topic }, n);
    }
    for (const [type, n] of byType) events.inc({ type }, n);
  }

  return {
    async send(records) {
      await producer.send(records);
      // Counted once the broker took them: a failed send is retried by its caller and counted then.
      count('topic' in records ? [records] : records);
    },
    connect: () => producer.connect(),
    disconnect: () => producer.disconnect(),
    get connected() {
      return producer.connected;
    },
  };
}
