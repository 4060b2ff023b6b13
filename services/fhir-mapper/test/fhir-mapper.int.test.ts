import { randomUUID } from 'node:crypto';
import { type ConsultationEvent, consultationSchema, type GpMessage, gpMessageSchema, type PipelineEvent, pipelineEventSchema } from '@firstsync/contracts';
import { fixtures } from '@firstsync/contracts/fixtures';
import { createRecordProducer, type RecordProducer, type TopicNames } from '@firstsync/kafka';
import { capturingLogger, isolatedTopics, leakedSecrets, quietLogger, readTopic, testBrokers, testKafka } from '@firstsync/testkit';
import { validateUpdateRecordMessage } from '@firstsync/update-record';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFhirMapper, type FhirMapperService } from '../src/app';
import { fhirMapperConfigSchema } from '../src/config';

function eventFor(input: unknown): ConsultationEvent {
  const consultation = consultationSchema.parse(input);
  return {
    envelope: {
      schemaVersion: 1,
      receivedAt: '2026-03-10T12:00:00Z',
      pharmacyOds: consultation.pharmacy.odsCode,
      correlationId: `corr-${consultation.consultationId}`,
      warnings: [],
    },
    consultation,
  };
}

describe('fhir-mapper service against the real broker', () => {
  let topics: TopicNames;
  let service: FhirMapperService;
  let producer: RecordProducer;
  const { logger, lines } = capturingLogger('fhir-mapper');

  beforeAll(async () => {
    const isolated = await isolatedTopics('mapper');
    topics = isolated.topics;
    const config = fhirMapperConfigSchema.parse({
      KAFKA_BROKERS: testBrokers(),
      KAFKA_TOPIC_PREFIX: isolated.prefix,
      KAFKA_GROUP_ID: `mapper-${randomUUID()}`,
      PORT: '0',
    });
    service = buildFhirMapper({ config, logger, kafka: testKafka('mapper') });
    await service.start();
    producer = createRecordProducer(testKafka('mapper-test'), quietLogger);
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await service?.stop();
  });

  it('maps valid consultations, records refusals and dead-letters poison without stopping', async () => {
    const valid = eventFor({ ...fixtures.soreThroat, consultationId: randomUUID() });
    const refused = eventFor({ ...fixtures.consentRefused, consultationId: randomUUID() });
    const invalidEvent = { envelope: { schemaVersion: 1 }, consultation: { consultationId: randomUUID() } };
    const afterPoison = eventFor({ ...fixtures.uncomplicatedUti, consultationId: randomUUID() });
    await producer.send([
      { topic: topics.consultations, key: valid.consultation.consultationId, value: JSON.stringify(valid) },
      { topic: topics.consultations, key: refused.consultation.consultationId, value: JSON.stringify(refused) },
      { topic: topics.consultations, key: 'poison', value: Buffer.from([0xff, 0x00, 0x7b]) },
      { topic: topics.consultations, key: invalidEvent.consultation.consultationId, value: JSON.stringify(invalidEvent) },
      { topic: topics.consultations, key: afterPoison.consultation.consultationId, value: JSON.stringify(afterPoison) },
    ]);

    const gpMessages = await readTopic<GpMessage>(topics.gpMessages);
    const events = await readTopic<PipelineEvent>(topics.pipelineEvents);
    const deadLetters = await readTopic<{
      reason: string;
      operationOutcome: { resourceType: string; issue: { severity: string; code: string; expression?: string[] }[] };
    }>(topics.mappingDeadLetter);
    try {
      await gpMessages.waitFor((v) => v.length >= 2);
      await events.waitFor((v) => v.length >= 5);
      await deadLetters.waitFor((v) => v.length >= 2);

      const mapped = gpMessages.values.find((m) => m.consultationId === valid.consultation.consultationId);
      expect(mapped?.practiceOds).toBe(valid.consultation.patient.registeredPractice.odsCode);
      expect(mapped?.bundle.resourceType).toBe('Bundle');
      expect(mapped?.bundle.type).toBe('message');
      expect(gpMessageSchema.safeParse(mapped).success).toBe(true);
      expect(validateUpdateRecordMessage(mapped?.bundle).valid).toBe(true);
      expect(gpMessages.values.some((m) => m.consultationId === afterPoison.consultation.consultationId)).toBe(true);
      expect(gpMessages.values.some((m) => m.consultationId === refused.consultation.consultationId)).toBe(false);

      const typeOf = (id: string) => events.values.filter((e) => e.consultationId === id).map((e) => e.type);
      expect(typeOf(valid.consultation.consultationId)).toEqual(['mapped']);
      expect(typeOf(refused.consultation.consultationId)).toEqual(['not-shared']);
      expect(typeOf(invalidEvent.consultation.consultationId)).toEqual(['mapping-failed']);
      // The poison record has no usable consultationId; its event still says why it failed.
      const poisonEvents = events.values.filter((e) => e.consultationId === undefined);
      expect(poisonEvents.map((e) => [e.type, e.code])).toEqual([['mapping-failed', 'unreadable']]);
      for (const event of events.values) expect(pipelineEventSchema.safeParse(event).success).toBe(true);
      expect(deadLetters.values.map((d) => d.reason).sort()).toEqual(['invalid-event', 'unreadable']);
      for (const deadLetter of deadLetters.values) {
        expect(deadLetter.operationOutcome.resourceType).toBe('OperationOutcome');
        expect(deadLetter.operationOutcome.issue.length).toBeGreaterThan(0);
        expect(deadLetter.operationOutcome.issue.every((i) => i.severity === 'error' && (i.expression?.length ?? 0) > 0)).toBe(true);
      }
    } finally {
      await Promise.all([gpMessages.close(), events.close(), deadLetters.close()]);
    }

    const patient = valid.consultation.patient;
    expect(leakedSecrets(lines, [patient.nhsNumber, patient.name.family, patient.birthDate, valid.consultation.notes.clinicalSummary])).toEqual([]);
  });
});
