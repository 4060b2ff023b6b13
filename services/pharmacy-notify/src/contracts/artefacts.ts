import { type Artefact, artefactJson } from '@firstsync/contracts/artefacts';
import { pharmacyNotifyOpenApiDocument } from './openapi-document';

export const OPENAPI_FILE = 'contracts/pharmacy-notify-openapi.json';

/**
 * The committed artefact only pharmacy-notify can generate: its OpenAPI document needs its routes.
 * scripts/write-contracts.ts writes it; test/contracts-drift.test.ts compares.
 */
export async function pharmacyNotifyArtefacts(): Promise<Artefact[]> {
  return [{ file: OPENAPI_FILE, content: artefactJson(await pharmacyNotifyOpenApiDocument()) }];
}
