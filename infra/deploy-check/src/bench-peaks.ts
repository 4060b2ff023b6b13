// Peak RSS per service from the committed benchmark results (infra/benchmarks/results/*.json,
// written by `npm run bench`), so the manifests' memory sizing is checked against measured figures.
import { readdirSync, readFileSync } from 'node:fs';
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

/** The highest peak RSS of each service over the committed results (quick runs are not committed). */
export function benchPeakRss(resultsDir: string): Map<string, number> {
  const peaks = new Map<string, number>();
  const files = readdirSync(resultsDir).filter((file) => file.endsWith('.json') && !file.includes('quick') && !file.endsWith('.tmp.json'));
  for (const file of files) {
    for (const [service, mib] of peakRssOf(JSON.parse(readFileSync(join(resultsDir, file), 'utf8')))) {
      peaks.set(service, Math.max(peaks.get(service) ?? 0, mib));
    }
  }
  return peaks;
}
