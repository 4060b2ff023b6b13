// Peak RSS per service from the committed benchmark results (infra/benchmarks/results/latest.json,
// written by `npm run bench`), so the manifests' memory sizing is checked against measured figures.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const resultsSchema = z.object({
  runs: z.array(
    z.object({
      client: z.string().optional(),
      scenarios: z.array(
        z.object({ metrics: z.array(z.object({ name: z.string(), value: z.number().nullable().optional(), unit: z.string().optional() })).default([]) }),
      ),
    }),
  ),
});

/** The highest `<service> peak RSS` (MiB, as the bench reports it) of each service in one results file. */
export function peakRssOf(results: unknown): Map<string, number> {
  const peaks = new Map<string, number>();
  for (const run of resultsSchema.parse(results).runs) {
    for (const scenario of run.scenarios) {
      for (const metric of scenario.metrics) {
        const service = /^(\S+) peak RSS$/.exec(metric.name)?.[1];
        if (service === undefined || typeof metric.value !== 'number' || metric.unit !== 'MB') continue;
        peaks.set(service, Math.max(peaks.get(service) ?? 0, metric.value));
      }
    }
  }
  return peaks;
}

/**
 * Peak RSS of each service in the committed full run of the current code (latest.json). Other result
 * files are records of earlier configurations (e.g. delivery's 314 MB with a 128 MB heap and a 32 MB
 * read-ahead, since changed): sizing from them would size for code that no longer runs.
 */
export function benchPeakRss(resultsDir: string): Map<string, number> {
  return peakRssOf(JSON.parse(readFileSync(join(resultsDir, 'latest.json'), 'utf8')));
}
