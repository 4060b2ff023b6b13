import { fixtures } from '@firstsync/contracts/fixtures';
import { describe, expect, it } from 'vitest';
import { buildUpdateRecordMessage, ConsentNotGivenError, InvalidBuildOptionsError, shouldShareWithGp } from '../src/index';
import { GOLDEN_OPTIONS, parseFixture } from './support/golden-cases';

describe('buildUpdateRecordMessage', () => {
  it('refuses to build anything when the patient did not consent (consent-refused fixture)', () => {
    const refused = parseFixture(fixtures.consentRefused);
    expect(shouldShareWithGp(refused)).toBe(false);
    expect(() => buildUpdateRecordMessage(refused, GOLDEN_OPTIONS)).toThrow(ConsentNotGivenError);
  });

  it('shares when consent is given', () => {
    expect(shouldShareWithGp(parseFixture(fixtures.sinusitis))).toBe(true);
  });

  it.each([
    ['builtAt without a zone', { builtAt: '2026-03-10T18:00:00' }],
    ['builtAt without seconds', { builtAt: '2026-03-10T18:00Z' }],
    ['a blank MESH mailbox', { senderMeshMailbox: ' ' }],
    ['a lower-case sender ODS code', { senderOds: 'fvr79' }],
    ['a replaced-document id on version 1', { previousVersionDocumentIdentifier: '6f1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6b' }],
  ])('rejects %s', (_label, override) => {
    expect(() => buildUpdateRecordMessage(parseFixture(fixtures.sinusitis), { ...GOLDEN_OPTIONS, ...override })).toThrow(InvalidBuildOptionsError);
  });

  it('uses an explicit replaced-document identifier for an amendment when given', () => {
    const v3 = parseFixture({ ...fixtures.sinusitis, version: 3 });
    const previous = '6f1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6b';
    const built = buildUpdateRecordMessage(v3, { ...GOLDEN_OPTIONS, previousVersionDocumentIdentifier: previous });
    const composition = built.bundle.entry[2]?.resource;
    const relatesTo = composition?.resourceType === 'Bundle' ? composition.entry[0]?.resource : undefined;
    expect(relatesTo?.resourceType === 'Composition' ? relatesTo.relatesTo?.[0]?.targetIdentifier.value : undefined).toBe(previous);
  });

  it('names the sender ODS code when a head office sends', () => {
    const built = buildUpdateRecordMessage(parseFixture(fixtures.sinusitis), { ...GOLDEN_OPTIONS, senderOds: 'FHQ01' });
    const org = built.bundle.entry[1]?.resource;
    expect(org?.resourceType === 'Organization' ? org.identifier[0]?.value : undefined).toBe('FHQ01');
  });
});
