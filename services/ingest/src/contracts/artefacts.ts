import { type Artefact, artefactJson } from '@firstsync/contracts/artefacts';
import { ingestOpenApiDocument } from './openapi-document';

/**
 * The committed artefact only ingest can generate: the OpenAPI document needs its routes.
 * scripts/write-contracts.ts writes it; test/contracts-drift.test.ts compares. The JSON Schemas
 * and the AsyncAPI document are generated in @firstsync/contracts.
 */
export async function ingestArtefacts(): Promise<Artefact[]> {
  return [{ file: 'contracts/openapi.json', content: artefactJson(await ingestOpenApiDocument()) }];
}
