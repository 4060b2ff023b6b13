// Docker Compose files as data, and the merge Compose applies when files are layered
// (`-f docker-compose.yml -f docker-compose.cluster.yml`), for the parts the checks read.
import { z } from 'zod';

export const composeServiceSchema = z.object({
  image: z.string().optional(),
  command: z.union([z.string(), z.array(z.string())]).optional(),
  environment: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  depends_on: z.record(z.string(), z.object({ condition: z.string() })).default({}),
  ports: z.array(z.string()).default([]),
  profiles: z.array(z.string()).optional(),
  deploy: z.object({ replicas: z.number().optional() }).optional(),
  healthcheck: z.object({ test: z.array(z.string()) }).optional(),
});
export type ComposeService = z.output<typeof composeServiceSchema>;

export const composeFileSchema = z.object({ name: z.string().optional(), services: z.record(z.string(), z.record(z.string(), z.unknown())) });
type ComposeFile = z.output<typeof composeFileSchema>;

const isMap = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Compose's override merge for mappings (environment, depends_on, deploy, healthcheck): keys
 * merged recursively, the later file's scalars win. Sequences are replaced here, which is what
 * Compose does for command and entrypoint; ports and volumes, which Compose appends, are not
 * overridden by the cluster file.
 */
export function mergeOverride(base: unknown, override: unknown): unknown {
  if (!isMap(base) || !isMap(override)) return override;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) merged[key] = key in base ? mergeOverride(base[key], value) : value;
  return merged;
}

/** The services of the layered files, each parsed. */
export function composeServices(...files: readonly unknown[]): Map<string, ComposeService> {
  const parsed: ComposeFile[] = files.map((file) => composeFileSchema.parse(file));
  const merged = parsed.reduce<Record<string, unknown>>((all, file) => mergeOverride(all, file.services) as Record<string, unknown>, {});
  return new Map(Object.entries(merged).map(([name, service]) => [name, composeServiceSchema.parse(service)]));
}

/** A service's environment as strings (Compose passes numbers and booleans as their text). */
export const environmentOf = (service: ComposeService): Record<string, string> =>
  Object.fromEntries(Object.entries(service.environment).map(([key, value]) => [key, String(value)]));
