import { readFileSync } from 'node:fs';
import { z } from 'zod';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

/**
 * `NAME_FILE` points at a file holding the value of `NAME` (Kubernetes/Docker secrets), so secrets
 * never have to sit in the process environment. An explicit `NAME` wins.
 */
export function resolveFileSecrets(env: Env): Env {
  const resolved: Env = { ...env };
  for (const [key, path] of Object.entries(env)) {
    if (!key.endsWith('_FILE') || !path) continue;
    const target = key.slice(0, -'_FILE'.length);
    if (resolved[target] === undefined) resolved[target] = readFileSync(path, 'utf8').trim();
  }
  return resolved;
}

/**
 * Parses the environment once at boot. The error names the offending variables and the rule they
 * broke, never their values: a misconfigured secret must not end up in a crash log.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: Env = process.env): z.output<S> {
  const result = schema.safeParse(resolveFileSecrets(env));
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new ConfigError(`invalid configuration:\n${problems.join('\n')}`);
}
