// The Kubernetes manifests validated offline against the pinned Kubernetes API version's schemas
// (kubernetes-validate from PyPI, strict: unknown fields are errors). An integration test because it
// runs a Python process; it needs no broker. First run installs the tool (about 10 s), then ~1 s.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serviceTable } from '@firstsync/service-runner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureKubernetesValidate, KUBERNETES_VERSION, repoRoot, validateManifests } from '../src';

const k8sDir = join(repoRoot, 'infra', 'k8s');
const manifests = readdirSync(k8sDir)
  .filter((file) => file.endsWith('.yaml'))
  .map((file) => join(k8sDir, file));
const scratch = mkdtempSync(join(tmpdir(), 'deploy-check-'));
let cli = '';

beforeAll(async () => {
  cli = await ensureKubernetesValidate(repoRoot, (msg) => process.stderr.write(`[kubernetes-validate] ${msg}\n`));
}, 300_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe(`kubernetes-validate (Kubernetes ${KUBERNETES_VERSION})`, () => {
  it('passes every resource of infra/k8s', async () => {
    const result = await validateManifests(cli, manifests);
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    const deployed = serviceTable({ brokers: 'unused:9092' })
      .services.map((s) => s.name)
      .filter((name) => name !== 'nhs-simulator');
    for (const name of deployed) {
      expect(result.passed).toContain(`deployment/${name}`);
      expect(result.passed).toContain(`poddisruptionbudget/${name}`);
    }
    expect(result.passed).toContain('configmap/firstsync-config');
  });

  it('fails a manifest with a misspelt field or a wrong type (the check can fail)', async () => {
    const text = manifests.map((file) => readFileSync(file, 'utf8')).join('\n---\n');
    const broken = join(scratch, 'broken.yaml');
    writeFileSync(broken, text.replace('readOnlyRootFilesystem: true', 'readOnlyRootFilesytem: true').replace('minAvailable: 1', 'minAvailable: true'));
    const result = await validateManifests(cli, [broken]);
    expect(result.exitCode).not.toBe(0);
    expect(result.errors.join('\n')).toContain("'readOnlyRootFilesytem' was unexpected");
    // One error per resource: the misspelt field in the first Deployment, the boolean in the first budget.
    expect(result.errors.join('\n')).toMatch(/poddisruptionbudget\/ingest .*spec\.minAvailable: True is not valid/);
  });
});
