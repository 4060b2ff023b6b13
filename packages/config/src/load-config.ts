import { readFileSync } from 'node:fs';
import { z } from 'zod';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

/**
 * `NAME_FILE` points at a file holding the value of `NAME` (Kubernetes/Docker secrets), so secrets
 * never have to sit in the process environment. An explicit `NAME` wins. Only names the service's
 * schema knows are resolved: a process inherits unrelated `*_FILE` variables (TF_CLI_CONFIG_FILE,
 * ...) that must neither be read nor crash start-up.
 */
export function resolveFileSecrets(env: Env, knownNames?: ReadonlySet<string>): Env {
  const resolved: Env = { ...env };
  for (const [key, path] of Object.entries(env)) {
    if (!key.endsWith('_FILE') || !path) continue;
    const target = key.slice(0, -'_FILE'.length);
    // A schema that declares NAME_FILE itself wants the path (e.g. a CA bundle), not its content.
    if (knownNames && (!knownNames.has(target) || knownNames.has(key))) continue;
    if (resolved[target] !== undefined) continue;
    try {
      resolved[target] = readFileSync(path, 'utf8').trim();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new ConfigError(`invalid configuration:\n  ${key}: the file cannot be read (${code})`);
    }
  }
  return resolved;
}

function schemaKeys(schema: z.ZodType): ReadonlySet<string> | undefined {
  if (schema instanceof z.ZodObject) return new Set(Object.keys(schema.shape));
  // `z.object({...}).transform(...)` and `.refine` chains: the env shape is the pipe's input.
  if (schema instanceof z.ZodPipe) return schemaKeys(schema.in as z.ZodType);
  return undefined;
}

/**
 * Parses the environment once at boot. The error names the offending variables and the rule they
 * broke, never their values: a misconfigured secret must not end up in a crash log.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: Env = process.env): z.output<S> {
  const result = schema.safeParse(resolveFileSecrets(env, schemaKeys(schema)));
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new ConfigError(`invalid configuration:\n${problems.join('\n')}`);
}
