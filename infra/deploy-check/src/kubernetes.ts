// The parts of Kubernetes objects the deploy checks read, as zod schemas: a manifest that lacks
// one of them fails to parse with the path named. kubernetes-validate checks the full API schema.
import { z } from 'zod';

const labels = z.record(z.string(), z.string());
const quantity = z.union([z.string(), z.number()]);
const httpProbe = z.object({ httpGet: z.object({ path: z.string(), port: z.union([z.number(), z.string()]) }) });

export const envVarSchema = z.object({
  name: z.string(),
  value: z.string().optional(),
  valueFrom: z.record(z.string(), z.unknown()).optional(),
});
export type EnvVar = z.output<typeof envVarSchema>;

export const containerSchema = z.object({
  name: z.string(),
  image: z.string(),
  args: z.array(z.string()).optional(),
  env: z.array(envVarSchema).default([]),
  envFrom: z.array(z.object({ configMapRef: z.object({ name: z.string() }).optional() })).default([]),
  ports: z.array(z.object({ name: z.string().optional(), containerPort: z.number() })),
  securityContext: z.object({
    allowPrivilegeEscalation: z.boolean(),
    readOnlyRootFilesystem: z.boolean(),
    capabilities: z.object({ drop: z.array(z.string()) }),
  }),
  readinessProbe: httpProbe,
  livenessProbe: httpProbe,
  resources: z.object({
    requests: z.object({ cpu: quantity, memory: quantity }),
    limits: z.object({ memory: quantity }),
  }),
  volumeMounts: z.array(z.object({ name: z.string(), mountPath: z.string(), readOnly: z.boolean().optional() })).default([]),
});
export type Container = z.output<typeof containerSchema>;

export const deploymentSchema = z.object({
  kind: z.literal('Deployment'),
  metadata: z.object({ name: z.string() }),
  spec: z.object({
    replicas: z.number(),
    strategy: z.object({ rollingUpdate: z.object({ maxUnavailable: z.union([z.number(), z.string()]) }) }),
    selector: z.object({ matchLabels: labels }),
    template: z.object({
      metadata: z.object({ labels }),
      spec: z.object({
        terminationGracePeriodSeconds: z.number(),
        securityContext: z.object({ runAsNonRoot: z.boolean(), runAsUser: z.number() }),
        containers: z.array(containerSchema).min(1),
        volumes: z
          .array(z.object({ name: z.string(), secret: z.object({ secretName: z.string() }).optional(), emptyDir: z.looseObject({}).optional() }))
          .default([]),
      }),
    }),
  }),
});
export type Deployment = z.output<typeof deploymentSchema>;

export const podDisruptionBudgetSchema = z.object({
  kind: z.literal('PodDisruptionBudget'),
  metadata: z.object({ name: z.string() }),
  spec: z.object({ minAvailable: z.union([z.number(), z.string()]).optional(), selector: z.object({ matchLabels: labels }) }),
});
export type PodDisruptionBudget = z.output<typeof podDisruptionBudgetSchema>;

export const configMapSchema = z.object({
  kind: z.literal('ConfigMap'),
  metadata: z.object({ name: z.string() }),
  data: z.record(z.string(), z.string()),
});

export const serviceSchema = z.object({
  kind: z.literal('Service'),
  metadata: z.object({ name: z.string() }),
  spec: z.object({ selector: labels, sessionAffinity: z.string().optional() }),
});

const kindOf = (document: unknown): unknown => (typeof document === 'object' && document !== null && 'kind' in document ? document.kind : undefined);

/** The documents of `kind`, each parsed with `schema` (a mismatch throws, naming the path). */
export function objectsOfKind<T>(documents: readonly unknown[], kind: string, schema: z.ZodType<T>): T[] {
  return documents.filter((document) => kindOf(document) === kind).map((document) => schema.parse(document));
}

/** Whether every label of `selector` is on `labels` (a selector matching the pods). */
export const selects = (selector: Record<string, string>, podLabels: Record<string, string>): boolean =>
  Object.entries(selector).every(([key, value]) => podLabels[key] === value);
