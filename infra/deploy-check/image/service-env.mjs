#!/usr/bin/env node
// Writes the defaults of one service's image as a POSIX shell snippet that docker-entrypoint.sh
// sources: the node flags (heapFlags: heap budget and collector settings, as NODE_FLAGS, which the
// entrypoint puts on node's command line: NODE_OPTIONS refuses one of them), glibc malloc settings (MALLOC_ENV) and the
// port, all from the service table, so the image applies what `npm start`, docker-compose and the
// Kubernetes manifest apply. Each default only fills a variable the environment leaves unset.
//
//   node infra/deploy-check/image/service-env.mjs <service>   (run by the Dockerfile's build stage)
//
// Plain JavaScript run by Node before anything is bundled; the table is loaded by Node's own type
// stripping.
import { fileURLToPath } from 'node:url';

/** Shell-quotes a value (single quotes: nothing in it is expanded). */
const quote = (value) => `'${String(value).replaceAll("'", "'\\''")}'`;

/**
 * The snippet for `name`, from the service table module (packages/service-runner/src/service-table.ts).
 * Throws on a name the table does not know, listing the names it does.
 */
export function serviceEnvScript(table, name) {
  const spec = table.serviceTable({ brokers: 'unused:9092' }).services.find((service) => service.name === name);
  if (spec === undefined) {
    throw new Error(`unknown service "${name}": SERVICE must be one of ${Object.keys(table.HEAP_BUDGET_MB).join(', ')}`);
  }
  const defaults = {
    NODE_FLAGS: table.heapFlags(table.HEAP_BUDGET_MB[name]).join(' '),
    ...table.MALLOC_ENV,
    PORT: String(spec.port),
  };
  // Set when unset; an empty value someone set on purpose stays empty.
  const lines = Object.entries(defaults).map(([key, value]) => `[ -n "\${${key}+set}" ] || ${key}=${quote(value)}`);
  return `# ${name}: defaults from packages/service-runner/src/service-table.ts (written at image build)\n${lines.join('\n')}\nexport ${Object.keys(defaults).join(' ')}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const name = process.argv[2] ?? '';
  const table = await import(new URL('../../../packages/service-runner/src/service-table.ts', import.meta.url).href);
  try {
    process.stdout.write(serviceEnvScript(table, name));
  } catch (err) {
    process.stderr.write(`service-env: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
