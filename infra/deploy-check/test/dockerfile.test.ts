// The Dockerfile checked without a Docker engine: it builds every service of the service table on the
// pinned runtime with the pinned pnpm, in stages, and the image runs as a non-root user.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as table from '@firstsync/service-runner';
import { defined } from '@firstsync/testkit/defined';
import { describe, expect, it } from 'vitest';
import { serviceEnvScript } from '../image/service-env.mjs';
import { fileImportsOf } from '../image/verify-bundle.mjs';
import { execForm, instructionsIn, parseDockerfile, repoRoot } from '../src';

const read = (path: string): string => readFileSync(join(repoRoot, path), 'utf8');
const rootManifest = JSON.parse(read('package.json')) as { packageManager: string; firstsync: { node: string } };
const pinnedImage = `node:${rootManifest.firstsync.node}-bookworm-slim`;
const pinnedPnpm = rootManifest.packageManager.replace(/^pnpm@/, '');
const dockerfileText = read('Dockerfile');
const dockerfile = parseDockerfile(dockerfileText);
const names = Object.keys(table.HEAP_BUDGET_MB) as table.ServiceName[];
/** `${NAME}` as a Dockerfile writes it (a variable reference, not a template placeholder). */
const ref = (name: string): string => `\${${name}}`;
const stage = (name: string) =>
  defined(
    dockerfile.stages.find((s) => s.name === name),
    `stage ${name}`,
  );
const runtime = defined(dockerfile.stages.at(-1), 'the final stage');

describe('Dockerfile', () => {
  it('is multi-stage and every stage starts from the pinned runtime (tag, optionally with a digest)', () => {
    expect(dockerfile.stages.length).toBeGreaterThanOrEqual(2);
    for (const { from, name } of dockerfile.stages) expect({ name, from: from.replace(/@sha256:[0-9a-f]{64}$/, '') }).toEqual({ name, from: pinnedImage });
  });

  it('installs with the pinned pnpm and the frozen lockfile, and bundles the service as the service runner does', () => {
    const pnpmRuns = dockerfile.stages.flatMap((s) => instructionsIn(s, 'RUN')).filter((run) => run.args.includes('pnpm@'));
    expect(pnpmRuns.length).toBeGreaterThanOrEqual(2);
    for (const run of pnpmRuns) {
      expect(run.args).toContain(`npx --yes pnpm@${ref('PNPM_VERSION')} install --frozen-lockfile`);
    }
    for (const s of dockerfile.stages.filter((st) => instructionsIn(st, 'RUN').some((run) => run.args.includes(ref('PNPM_VERSION'))))) {
      expect(instructionsIn(s, 'ARG').map((arg) => arg.args)).toContain(`PNPM_VERSION=${pinnedPnpm}`);
    }
    expect(
      instructionsIn(stage('build'), 'RUN')
        .map((run) => run.args)
        .join('\n'),
    ).toContain(`node packages/service-runner/src/bundle-service.ts "services/${ref('SERVICE')}"`);
    // Production dependencies of the one service: what its bundle imports from node_modules.
    expect(
      instructionsIn(stage('prod-deps'), 'RUN')
        .map((run) => run.args)
        .join('\n'),
    ).toMatch(/install --frozen-lockfile --prod --filter "@firstsync\/\$\{SERVICE\}\.\.\."/);
  });

  it('the final image holds no source tree, compiler or package manager, and runs as a numeric non-root user', () => {
    expect(runtime.name).toBe('runtime');
    expect(instructionsIn(runtime, 'COPY').every((copy) => copy.args.startsWith('--from='))).toBe(true);
    expect(instructionsIn(runtime, 'RUN').some((run) => /pnpm|npm (ci|install)/.test(run.args))).toBe(false);
    const user = defined(instructionsIn(runtime, 'USER').at(-1), 'USER in the final stage');
    const [uid, gid] = user.args.split(':').map(Number);
    expect(uid).toBe(10001);
    expect(gid).toBe(10001);
    // Nothing after USER switches back to root.
    expect(runtime.instructions.filter((i) => i.line > user.line && i.keyword === 'USER')).toEqual([]);
    expect(execForm(defined(instructionsIn(runtime, 'ENTRYPOINT').at(-1), 'ENTRYPOINT').args)).toEqual(['/app/docker-entrypoint.sh']);
  });

  it('has a HEALTHCHECK on the service readiness endpoint, through the entrypoint (so PORT is the service one)', () => {
    const healthcheck = defined(instructionsIn(runtime, 'HEALTHCHECK').at(-1), 'HEALTHCHECK');
    const command = defined(execForm(healthcheck.args.replace(/^.*?CMD\s+/, '')), 'exec-form CMD');
    expect(command[0]).toBe('/app/docker-entrypoint.sh');
    expect(command.join(' ')).toContain('/health/ready');
  });

  it('builds every service of the service table by SERVICE, and nothing else', () => {
    const globalService = defined(
      dockerfile.globalArgs.find((arg) => arg.args.startsWith('SERVICE=')),
      'global ARG SERVICE',
    );
    expect(names).toContain(globalService.args.slice('SERVICE='.length));
    // Every stage that uses ${SERVICE} declares it (a global ARG is not visible inside a stage otherwise).
    for (const s of dockerfile.stages.filter((st) => st.instructions.some((i) => i.args.includes(ref('SERVICE'))))) {
      expect({ stage: s.name, declares: instructionsIn(s, 'ARG').some((arg) => arg.args === 'SERVICE') }).toEqual({ stage: s.name, declares: true });
    }
    // No service is special-cased: the only service names in instructions are in comments.
    const instructions = dockerfile.stages.flatMap((s) => s.instructions.map((i) => i.args)).join('\n');
    for (const name of names) expect(instructions).not.toMatch(new RegExp(`services/${name}\\b`));
    for (const name of names) {
      const manifest = JSON.parse(read(`services/${name}/package.json`)) as { name: string };
      expect(manifest.name).toBe(`@firstsync/${name}`);
      expect(existsSync(join(repoRoot, 'services', name, 'src', 'main.ts'))).toBe(true);
      expect(serviceEnvScript(table, name)).toContain(`NODE_FLAGS='${table.heapFlags(table.HEAP_BUDGET_MB[name]).join(' ')}'`);
    }
    expect(() => serviceEnvScript(table, 'not-a-service')).toThrow(/SERVICE must be one of/);
  });

  it("the image's defaults are the service table's: heap budget, malloc settings and port, each only when unset", () => {
    const script = serviceEnvScript(table, 'delivery');
    const delivery = defined(
      table.serviceTable({ brokers: 'unused:9092' }).services.find((s) => s.name === 'delivery'),
      'delivery',
    );
    expect(script).toContain(`[ -n "\${PORT+set}" ] || PORT='${delivery.port}'`);
    for (const [key, value] of Object.entries(table.MALLOC_ENV)) expect(script).toContain(`[ -n "\${${key}+set}" ] || ${key}='${value}'`);
    expect(script).toMatch(/^export NODE_FLAGS .* PORT$/m);
    // NODE_OPTIONS refuses --no-allocation-site-pretenuring: the flags go on node's command line.
    expect(script).not.toContain('NODE_OPTIONS');
    expect(read('infra/deploy-check/image/docker-entrypoint.sh')).toContain(`set -- node $NODE_FLAGS "services/\${SERVICE}/dist/main.mjs"`);
  });

  it('verify-bundle finds the static and dynamic file: imports of a bundle', () => {
    const bundle =
      'import a from "file:///app/node_modules/.pnpm/a@1/node_modules/a/i.js";\nconst b = await import("file:///app/node_modules/.pnpm/b@2/node_modules/b/i.js");\nimport "node:fs";' +
      'import{c}from"file:///app/node_modules/.pnpm/c@3/node_modules/c/i.mjs";var d=__require("/app/node_modules/.pnpm/d@4/node_modules/d/i.js"),e=__require("node:path");';
    expect(fileImportsOf(bundle)).toEqual([
      'file:///app/node_modules/.pnpm/a@1/node_modules/a/i.js',
      'file:///app/node_modules/.pnpm/b@2/node_modules/b/i.js',
      'file:///app/node_modules/.pnpm/c@3/node_modules/c/i.mjs',
      'file:///app/node_modules/.pnpm/d@4/node_modules/d/i.js',
    ]);
  });

  it('.dockerignore keeps installed, built and local state out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['**/node_modules', '**/dist', '.git', '.data', '.kafka']) expect(ignored).toContain(entry);
  });
});
