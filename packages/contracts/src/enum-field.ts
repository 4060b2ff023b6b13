import { z } from 'zod';

/**
 * A z.enum whose message lists the allowed codes. The message deliberately names the options,
 * never the value that was sent.
 */
export function enumField<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, {
    error: (issue) => (issue.input === undefined ? 'is required' : `must be one of: ${values.join(', ')}`),
  });
}
