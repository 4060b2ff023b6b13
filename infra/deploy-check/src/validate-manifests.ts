// `node --import tsx infra/deploy-check/src/validate-manifests.ts [files...]`: validates the
// Kubernetes manifests (infra/k8s/*.yaml by default) with kubernetes-validate, installing it on first use.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureKubernetesValidate, KUBERNETES_VERSION, validateManifests } from './kubernetes-validate';
import { repoRoot } from './paths';

const k8sDir = join(repoRoot, 'infra', 'k8s');
const args = process.argv.slice(2);
const files =
  args.length > 0
    ? args
    : readdirSync(k8sDir)
        .filter((file) => file.endsWith('.yaml'))
        .map((file) => join(k8sDir, file));
const cli = await ensureKubernetesValidate(repoRoot, (msg) => process.stderr.write(`[kubernetes-validate] ${msg}\n`));
const result = await validateManifests(cli, files);
process.stdout.write(result.output);
process.stdout.write(`[kubernetes-validate] Kubernetes ${KUBERNETES_VERSION}: ${result.passed.length} resources valid, ${result.errors.length} errors\n`);
process.exitCode = result.exitCode;
