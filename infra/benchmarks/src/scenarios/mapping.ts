import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Consultation, consultationSchema } from '@firstsync/contracts';
import { consultationBody } from '../payloads/consultation';
import type { Metric, ScenarioResult } from '../report/result';
import { repoRoot } from '../system/repo-root';
import { SkipScenario } from '../system/skip';
import { type BenchContext, size } from './context';

interface UpdateRecordModule {
  buildUpdateRecordMessage(consultation: Consultation, options: { builtAt: string; senderMeshMailbox: string }): { bundle: unknown };
  validateUpdateRecordMessage?: (bundle: unknown) => { valid: boolean };
}

// Imported by name at run time: the package is being written alongside, and a benchmark must not
// break the typecheck of the whole repo while its entry point is missing.
async function loadUpdateRecord(): Promise<UpdateRecordModule> {
  if (!existsSync(join(repoRoot, 'packages', 'update-record', 'src', 'index.ts')))
    throw new SkipScenario('packages/update-record/src/index.ts does not exist yet');
  const specifier = '@firstsync/update-record';
  const loaded = (await import(specifier)) as Partial<UpdateRecordModule>;
  if (typeof loaded.buildUpdateRecordMessage !== 'function') throw new SkipScenario('@firstsync/update-record exports no buildUpdateRecordMessage');
  return loaded as UpdateRecordModule;
}

/** Mean microseconds per call of `fn` over distinct consultations, after a JIT warm-up. */
function microsPerCall(consultations: readonly Consultation[], fn: (c: Consultation) => void, warmUp: number): number {
  for (let i = 0; i < warmUp; i += 1) fn(consultations[i % consultations.length] as Consultation);
  const started = performance.now();
  for (const consultation of consultations) fn(consultation);
  return ((performance.now() - started) * 1000) / consultations.length;
}

/** In-process: the pure message builder (and the mapper's validation of its output), no Kafka. */
export async function mappingScenario(context: BenchContext): Promise<ScenarioResult> {
  const started = Date.now();
  const updateRecord = await loadUpdateRecord();
  const count = size(context, 20_000, 2_000);
  const consultations = Array.from({ length: count }, () => consultationSchema.parse(consultationBody(randomUUID())));
  const options = { builtAt: '2026-03-10T10:50:00Z', senderMeshMailbox: 'FIRSTSYNC01' };
  context.log(`  building ${count} Update Record messages in-process...`);
  const buildUs = microsPerCall(consultations, (c) => void updateRecord.buildUpdateRecordMessage(c, options), Math.max(2_000, count / 2));
  const metrics: Metric[] = [{ name: 'build Update Record message', value: buildUs, unit: 'µs/consultation' }];
  const validate = updateRecord.validateUpdateRecordMessage;
  if (validate) {
    const bothUs = microsPerCall(consultations, (c) => void validate(updateRecord.buildUpdateRecordMessage(c, options).bundle), Math.max(2_000, count / 2));
    metrics.push({ name: 'build + validate (what the mapper does)', value: bothUs, unit: 'µs/consultation' });
  }
  const serialiseUs = microsPerCall(
    consultations,
    (c) => void JSON.stringify(updateRecord.buildUpdateRecordMessage(c, options).bundle),
    Math.max(2_000, count / 2),
  );
  metrics.push({ name: 'build + JSON.stringify', value: serialiseUs, unit: 'µs/consultation' });
  return {
    scenario: 'mapping',
    status: 'ok',
    seconds: (Date.now() - started) / 1000,
    metrics,
    notes: [`${count} distinct consultations, mean over the run after warm-up`],
  };
}
