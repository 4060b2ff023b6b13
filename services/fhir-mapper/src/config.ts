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
});

export type FhirMapperConfig = z.output<typeof fhirMapperConfigSchema>;

export function loadFhirMapperConfig(env: Record<string, string | undefined> = process.env): FhirMapperConfig {
  return loadConfig(fhirMapperConfigSchema, env);
}
