// Each service's heap budget and collector flags are defined once (heapFlags in the service table) and applied by
// every launcher: startService (npm start, e2e, chaos, benchmarks), docker-compose.yml and the
// Kubernetes manifest. This keeps the three in step.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HEAP_BUDGET_MB, heapFlags, MALLOC_ENV, NO_PRETENURING, SEMI_SPACE_MB, type ServiceName, serviceTable } from '../src/service-table';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const read = (path: string): string => readFileSync(`${root}/${path}`, 'utf8');
const names = Object.keys(HEAP_BUDGET_MB) as ServiceName[];

/** The node command line (flags and script) in the compose command that runs `services/<name>/dist/main.mjs`. */
function composeCommand(compose: string, name: string): string | undefined {
  const line = compose.split('\n').find((l) => l.includes('command:') && l.includes(`services/${name}/dist/main.mjs`));
  return line && /exec (node [^']*)'/.exec(line)?.[1];
}

/** The container args of the Deployment named `name`, or undefined when there is none. */
function k8sArgs(manifest: string, name: string): string[] | undefined {
  const deployment = manifest.split(/^---$/m).find((doc) => /^kind: Deployment$/m.test(doc) && new RegExp(`^  name: ${name}$`, 'm').test(doc));
  const args = deployment && /^ {10}args: (\[.*\])$/m.exec(deployment)?.[1];
  return args ? (JSON.parse(args) as string[]) : undefined;
}

const script = (name: string): string => `services/${name}/dist/main.mjs`;

describe('heap budgets', () => {
  it('every service in the table carries its budget, and startService passes it as a flag', () => {
    const table = serviceTable({ brokers: 'localhost:9092' });
    expect(table.services.map((s) => s.name).sort()).toEqual([...names].sort());
    for (const service of table.services) {
      expect(service.heapMb).toBe(HEAP_BUDGET_MB[service.name]);
      expect(heapFlags(service.heapMb)).toEqual([
        `--max-old-space-size=${HEAP_BUDGET_MB[service.name]}`,
        `--max-semi-space-size=${SEMI_SPACE_MB}`,
        NO_PRETENURING,
      ]);
    }
  });

  it('docker-compose.yml runs every service with the same flags', () => {
    const compose = read('docker-compose.yml');
    for (const name of names)
      expect({ name, command: composeCommand(compose, name) }).toEqual({ name, command: ['node', ...heapFlags(HEAP_BUDGET_MB[name]), script(name)].join(' ') });
  });

  it('the Kubernetes manifest runs every Deployment with the same flags, and sets no shared NODE_OPTIONS', () => {
    const manifest = read('infra/k8s/firstsync.yaml');
    const deployed = names.filter((name) => name !== 'nhs-simulator'); // the simulator is not deployed
    for (const name of deployed)
      expect({ name, args: k8sArgs(manifest, name) }).toEqual({ name, args: ['node', ...heapFlags(HEAP_BUDGET_MB[name]), script(name)] });
    const configMap = manifest.split(/^---$/m).find((doc) => /^kind: ConfigMap$/m.test(doc)) ?? '';
    expect(configMap).not.toMatch(/NODE_OPTIONS/);
  });

  it('every launcher runs the services with the same glibc malloc settings (MALLOC_ENV)', () => {
    const table = serviceTable({ brokers: 'localhost:9092' });
    const commonEnv = /^x-common-env: &common-env\n((?: {2}.*\n)+)/m.exec(read('docker-compose.yml'))?.[1] ?? '';
    const configMap =
      read('infra/k8s/firstsync.yaml')
        .split(/^---$/m)
        .find((doc) => /^kind: ConfigMap$/m.test(doc)) ?? '';
    for (const [name, value] of Object.entries(MALLOC_ENV)) {
      for (const service of table.services) expect(service.env[name]).toBe(process.env[name] ?? value);
      expect(commonEnv).toContain(`\n  ${name}: ${value}\n`);
      expect(configMap).toContain(`\n  ${name}: "${value}"\n`);
    }
  });
});
