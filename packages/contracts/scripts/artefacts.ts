import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { consultationEventSchema } from '../src/consultation-event';
import { toJsonSchema } from '../src/json-schema';
import { outcomeFactRecordSchema } from '../src/outcome-facts';
import { asyncApiDocument } from './asyncapi-document';

/** One committed contract file under /contracts, as the code generates it now. */
export interface Artefact {
  /** Path relative to the repository root. */
  readonly file: string;
  readonly content: string;
}

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The committed format: two-space JSON with a final newline, so regenerating gives byte-identical files. */
export const artefactJson = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/**
 * The artefacts generated from the contracts alone (zod schemas here, topics in @firstsync/kafka):
 * the JSON Schemas of the consultation event and of the outcome fact, and the AsyncAPI document of
 * every topic. The OpenAPI document needs ingest's routes, so ingest generates that one.
 */
export function contractArtefacts(): Artefact[] {
  const { $schema, ...schema } = toJsonSchema(consultationEventSchema, { io: 'output' });
  const consultationEvent = {
    $schema,
    title: 'ConsultationEvent',
    description:
      'The JSON value of a record on consultations.v1 (key: consultationId). Cross-field rules and the NHS number check digit are enforced by the zod schema in @firstsync/contracts, which is authoritative.',
    ...schema,
  };
  const { $schema: factSchemaUri, ...factSchema } = toJsonSchema(outcomeFactRecordSchema, { io: 'output' });
  const outcomeFact = {
    $schema: factSchemaUri,
    title: 'OutcomeFactRecord',
    description:
      'The JSON value of a record on outcomes.facts.v1: a consultation part (key <factKey>/consultation) or the delivery part of one version (key <factKey>/delivery/<version>). De-identified: no patient identifiers or free text. The zod schema in @firstsync/contracts is authoritative.',
    ...factSchema,
  };
  return [
    { file: 'contracts/consultation-event.schema.json', content: artefactJson(consultationEvent) },
    { file: 'contracts/outcome-fact.schema.json', content: artefactJson(outcomeFact) },
    { file: 'contracts/asyncapi.json', content: artefactJson(asyncApiDocument()) },
  ];
}

export function writeArtefacts(artefacts: readonly Artefact[]): void {
  for (const artefact of artefacts) {
    const path = join(repoRoot, artefact.file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, artefact.content);
    process.stdout.write(`wrote ${artefact.file} (${artefact.content.length} bytes)\n`);
  }
}
