// The shape of the Kubernetes deployment (infra/k8s/firstsync.yaml): every service replicated with a
// disruption budget, probes, a non-root read-only container, secrets from Secrets, memory sized from
// the benchmarks, Kafka as a 3-broker cluster over TLS. The API schema itself is checked by
// kubernetes-validate (kubernetes-validate.int.test.ts); heap budgets by service-runner's heap test.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HEAP_BUDGET_MB, heapFlags, type ServiceName, serviceTable } from '@firstsync/service-runner';
import { defined } from '@firstsync/testkit/defined';
import { describe, expect, it } from 'vitest';
import {
  benchPeakRss,
  type Container,
  configMapSchema,
  type Deployment,
  deploymentSchema,
  instructionsIn,
  mebibytesOf,
  objectsOfKind,
  parseDockerfile,
  podDisruptionBudgetSchema,
  repoRoot,
  selects,
  serviceSchema,
  yamlDocuments,
} from '../src';

const manifestPath = 'infra/k8s/firstsync.yaml';
const documents = yamlDocuments(readFileSync(join(repoRoot, manifestPath), 'utf8'), manifestPath);
const deployments = objectsOfKind(documents, 'Deployment', deploymentSchema);
const budgets = objectsOfKind(documents, 'PodDisruptionBudget', podDisruptionBudgetSchema);
const services = objectsOfKind(documents, 'Service', serviceSchema);
const config = defined(
  objectsOfKind(documents, 'ConfigMap', configMapSchema).find((c) => c.metadata.name === 'firstsync-config'),
  'ConfigMap firstsync-config',
);
const table = serviceTable({ brokers: 'unused:9092' });
/** The simulator stands in for the NHS side in tests and demos; it is never deployed. */
const deployed = table.services.filter((s) => s.name !== 'nhs-simulator');
/** Above the bench's peak by this much: a burst, a larger batch, or a busier day is not an OOM kill. */
const LIMIT_HEADROOM = 1.2;
/**
 * RSS of a service beyond its V8 heap at its benchmark peak: 93-119 MB in the run of 2026-12-02 06:32
 * (the Node binary's pages ~57 MB, HTTP parsers and Kafka buffers, glibc's heap; infra/benchmarks/README.md).
 * A service at its heap budget is sized at budget + this, whether or not the bench measured it.
 */
const NON_HEAP_MIB = 120;
const peaks = benchPeakRss(join(repoRoot, 'infra', 'benchmarks', 'results'));

const deploymentOf = (name: string): Deployment =>
  defined(
    deployments.find((d) => d.metadata.name === name),
    `Deployment ${name}`,
  );
const containerOf = (name: string): Container => defined(deploymentOf(name).spec.template.spec.containers[0], `container of ${name}`);
const envOf = (container: Container, name: string) => container.env.find((e) => e.name === name);

describe('Kubernetes manifests', () => {
  it('deploy every service of the service table except the simulator, each with >= 2 replicas', () => {
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(deployed.map((s) => s.name).sort());
    for (const d of deployments) expect({ name: d.metadata.name, replicas: d.spec.replicas >= 2 }).toEqual({ name: d.metadata.name, replicas: true });
  });

  it("tell ingest its replica count, so its per-pharmacy rate limit is the whole system's (INGEST_INSTANCES)", () => {
    expect(envOf(containerOf('ingest'), 'INGEST_INSTANCES')?.value).toBe(String(deploymentOf('ingest').spec.replicas));
  });

  it('give every Deployment a PodDisruptionBudget of minAvailable 1 selecting its pods, and roll without dropping below the replica count', () => {
    for (const d of deployments) {
      const podLabels = d.spec.template.metadata.labels;
      expect(selects(d.spec.selector.matchLabels, podLabels)).toBe(true);
      const budget = defined(
        budgets.find((b) => selects(b.spec.selector.matchLabels, podLabels)),
        `PodDisruptionBudget for ${d.metadata.name}`,
      );
      expect(budget.spec.minAvailable).toBe(1);
      expect(d.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
      // Longer than the services' own 25 s shutdown grace (in-flight work, offsets committed).
      expect(d.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(25);
    }
  });

  it('probe readiness on /health/ready and liveness on /health/live at the service table port, and run the bundle the image builds', () => {
    for (const spec of deployed) {
      const container = containerOf(spec.name);
      expect(container.image).toMatch(new RegExp(`/${spec.name}:`));
      expect(container.args).toEqual(['node', ...heapFlags(spec.heapMb), `services/${spec.name}/dist/main.mjs`]);
      expect(container.ports.map((p) => p.containerPort)).toEqual([spec.port]);
      expect(envOf(container, 'PORT')?.value).toBe(String(spec.port));
      expect(container.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: spec.port });
      expect(container.livenessProbe.httpGet).toEqual({ path: '/health/live', port: spec.port });
    }
  });

  it("run as the image's non-root user with a read-only root filesystem, no privilege escalation, no capabilities", () => {
    const dockerfile = parseDockerfile(readFileSync(join(repoRoot, 'Dockerfile'), 'utf8'));
    const imageUid = Number(defined(instructionsIn(defined(dockerfile.stages.at(-1), 'final stage'), 'USER').at(-1), 'USER').args.split(':')[0]);
    for (const d of deployments) {
      expect(d.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: imageUid });
      const container = containerOf(d.metadata.name);
      expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      // A read-only root needs a writable /tmp (Node's and the libraries' temporary files).
      expect(container.volumeMounts.some((m) => m.mountPath === '/tmp' && m.readOnly !== true)).toBe(true);
    }
  });

  it('size memory from the benchmarks: request >= peak RSS, limit >= 1.2 x peak RSS (peak: the bench figure, at least heap budget + the measured non-heap part)', () => {
    expect(peaks.size, 'peak RSS figures in infra/benchmarks/results').toBeGreaterThan(0);
    for (const spec of deployed) {
      const peak = Math.max(peaks.get(spec.name) ?? 0, HEAP_BUDGET_MB[spec.name as ServiceName] + NON_HEAP_MIB);
      const { requests, limits } = containerOf(spec.name).resources;
      const row = { name: spec.name, peak: Math.round(peak), request: mebibytesOf(requests.memory), limit: mebibytesOf(limits.memory) };
      expect({ ...row, requestCovers: row.request >= peak, limitCovers: row.limit >= LIMIT_HEADROOM * peak }).toEqual({
        ...row,
        requestCovers: true,
        limitCovers: true,
      });
    }
  });

  it('read secrets from files on mounted Secrets, never from literal values', () => {
    const required: Partial<Record<ServiceName, string[]>> = {
      ingest: ['INGEST_API_KEYS_FILE'],
      'pharmacy-notify': ['INGEST_API_KEYS_FILE', 'WEBHOOK_SECRET_KEY_FILE'],
      dashboard: ['DASHBOARD_USERS_FILE', 'DASHBOARD_SESSION_SECRET_FILE', 'READ_STORE_URL_FILE'],
      delivery: ['MESH_MAILBOX_PASSWORD_FILE', 'MESH_SHARED_KEY_FILE', 'NHSMAIL_SMTP_PASSWORD_FILE'],
      outcomes: ['OUTCOMES_FACT_KEY_SECRET_FILE'],
    };
    for (const spec of deployed) {
      const d = deploymentOf(spec.name);
      const container = containerOf(spec.name);
      const secretMounts = container.volumeMounts.filter((m) => d.spec.template.spec.volumes.some((v) => v.name === m.name && v.secret !== undefined));
      expect(secretMounts.every((m) => m.readOnly === true)).toBe(true);
      for (const name of ['KAFKA_SASL_PASSWORD_FILE', ...(required[spec.name] ?? [])]) {
        const path = defined(envOf(container, name)?.value, `${name} of ${spec.name}`);
        expect({ name, onSecret: secretMounts.some((m) => path.startsWith(`${m.mountPath}/`)) }).toEqual({ name, onSecret: true });
      }
      const literalSecrets = container.env.filter((e) => /PASSWORD|SECRET|KEYS?$|_KEY_/.test(e.name) && !e.name.endsWith('_FILE') && e.value !== undefined);
      expect(literalSecrets).toEqual([]);
    }
    expect(Object.keys(config.data).filter((key) => /PASSWORD|SECRET|KEY/.test(key))).toEqual([]);
  });

  it('keep the production defaults that protect: webhook SSRF rules on, secure dashboard cookies', () => {
    const notify = containerOf('pharmacy-notify');
    expect(envOf(notify, 'WEBHOOK_ALLOW_HTTP')?.value).toBe('false');
    expect(envOf(notify, 'WEBHOOK_ALLOW_PRIVATE_TARGETS')?.value).toBe('false');
    expect(envOf(containerOf('dashboard'), 'DASHBOARD_COOKIE_SECURE')?.value).toBe('true');
  });

  it('reach Kafka as a 3-broker cluster over TLS with SASL', () => {
    expect(config.data.KAFKA_BROKERS?.split(',')).toHaveLength(3);
    expect(config.data.KAFKA_SSL).toBe('true');
    expect(config.data.KAFKA_SASL_MECHANISM).toMatch(/^scram-sha-(256|512)$/);
    for (const d of deployments) expect(containerOf(d.metadata.name).envFrom.map((e) => e.configMapRef?.name)).toContain('firstsync-config');
  });

  it('expose the HTTP services through Services selecting their pods, with no client pinned to a replica (dashboard sessions are in the shared read store)', () => {
    for (const name of ['ingest', 'dashboard', 'pharmacy-notify']) {
      const service = defined(
        services.find((s) => s.metadata.name === name),
        `Service ${name}`,
      );
      expect(selects(service.spec.selector, deploymentOf(name).spec.template.metadata.labels)).toBe(true);
    }
    expect(services.map((s) => s.spec.sessionAffinity ?? 'None')).toEqual(services.map(() => 'None'));
  });
});
