import { Writable } from 'node:stream';
import { createLogger } from '../../src';

/** A debug-level logger whose lines are kept, raw and parsed, for assertions. */
export function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  const logger = createLogger({ service: 'test', level: 'debug', destination });
  const parsed = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { lines, logger, parsed };
}
