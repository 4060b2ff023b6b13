#!/usr/bin/env node
// Checks, at image build, that every third-party module a service bundle imports (by absolute
// file: URL into node_modules, see packages/service-runner/src/bundle-service.ts) exists in the
// image's production install: a missing one would otherwise only show when the container starts.
//
//   node verify-bundle.mjs services/<service>/dist/main.mjs
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The file: URLs a bundle imports (static `from "file:..."`, dynamic `import("file:...")`) and the
 * absolute paths its bundled CommonJS code requires (esbuild's `__require("/...")`), as file: URLs.
 */
export function fileImportsOf(bundleText) {
  const imports = [...bundleText.matchAll(/(?:from|import)\s*\(?\s*"(file:\/\/\/[^"]+)"/g)].map((match) => match[1]);
  const requires = [...bundleText.matchAll(/\b(?:__)?require\("(\/[^"]+)"\)/g)].map((match) => pathToFileURL(match[1]).href);
  return [...new Set([...imports, ...requires])];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const bundle = process.argv[2];
  if (!bundle) throw new Error('usage: verify-bundle.mjs <bundle.mjs>');
  const imports = fileImportsOf(readFileSync(bundle, 'utf8'));
  const missing = imports.filter((url) => !existsSync(fileURLToPath(url)));
  if (imports.length === 0 || missing.length > 0) {
    process.stderr.write(`verify-bundle: ${bundle} imports ${imports.length} modules; missing:\n${missing.join('\n')}\n`);
    process.exit(1);
  }
  process.stdout.write(`verify-bundle: ${imports.length} modules of ${bundle} present\n`);
}
