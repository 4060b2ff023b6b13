import { consultationEventSchema, toJsonSchema } from '@firstsync/contracts';
import { asyncApiDocument } from './asyncapi-document';
import { ingestOpenApiDocument } from './openapi-document';

export interface Artefact {
  /** Path relative to the repository root. */
  readonly file: string;
  readonly content: string;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Every committed artefact ingest owns, as it must read now. scripts/write-contracts.ts writes them; a test compares. */
export async function ingestArtefacts(): Promise<Artefact[]> {
  const { $schema, ...schema } = toJsonSchema(consultationEventSchema, { io: 'output' });
  const consultationEvent = {
    $schema,
    title: 'ConsultationEvent',
    description:
      'The JSON value of a record on consultations.v1 (key: consultationId). Cross-field rules and the NHS number check digit are enforced by the zod schema in @firstsync/contracts, which is authoritative.',
    ...schema,
  };
  return [
    { file: 'contracts/openapi.json', content: json(await ingestOpenApiDocument()) },
    { file: 'contracts/consultation-event.schema.json', content: json(consultationEvent) },
    { file: 'contracts/asyncapi.json', content: json(asyncApiDocument()) },
  ];
}
