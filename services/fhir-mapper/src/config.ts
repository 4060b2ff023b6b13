import { hostEnv, kafkaEnv, loadConfig, logEnv, port } from '@firstsync/config';
import { z } from 'zod';

export const fhirMapperConfigSchema = z.object({
  ...hostEnv,
  ...logEnv,
  ...kafkaEnv,
  /** Health and readiness only; the mapper has no other HTTP surface. */
  PORT: port(8082),
  /** Defaults to `${KAFKA_TOPIC_PREFIX}fhir-mapper` so side-by-side environments on one cluster never share a group. */
  KAFKA_GROUP_ID: z.string().min(1).optional(),
  /** Our MESH mailbox: MessageHeader.source.endpoint, where GP systems send acknowledgements. */
  MESH_MAILBOX_ID: z.string().min(1).max(20).default('FIRSTSYNC01'),
  /** Partitions mapped at once; mapping is CPU-bound, so about the number of cores. */
  MAPPER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  /**
   * Bytes of consultations fetched per partition at a time, and so the size of a batch. A batch's
   * Update Record messages (about 12x the consultation: 1.2 KB in, 14 KB out) go out in one produce
   * request: at Kafka's usual 1 MB a burst held about 700 consultations' messages per partition (tens
   * of MB off the heap, peak RSS over 200 MB); 128 KB is about 100 consultations, enough to amortise
   * the request and the commit.
   */
  MAPPER_FETCH_BYTES_PER_PARTITION: z.coerce.number().int().min(16_384).max(16_777_216).default(131_072),
});

export type FhirMapperConfig = z.output<typeof fhirMapperConfigSchema>;

export function loadFhirMapperConfig(env: Record<string, string | undefined> = process.env): FhirMapperConfig {
  return loadConfig(fhirMapperConfigSchema, env);
}
