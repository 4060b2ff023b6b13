import { Writable } from 'node:stream';
import { createLogger, type Logger } from '@firstsync/logging';

/** A real pino logger (with the production redaction) whose lines a test can inspect for PII. */
export function capturingLogger(service = 'test'): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return { logger: createLogger({ service, level: 'debug', destination }), lines };
}

/** Returns the secrets that appear in the captured lines (empty when none leaked). */
export function leakedSecrets(lines: readonly string[], secrets: readonly string[]): string[] {
  const text = lines.join('\n');
  return secrets.filter((secret) => secret.length > 0 && text.includes(secret));
}
