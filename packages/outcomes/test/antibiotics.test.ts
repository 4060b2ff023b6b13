import { pharmacyFirstPathways, snomedIdSchema } from '@firstsync/contracts';
import { describe, expect, it } from 'vitest';
import { isPgdAntibiotic, PGD_ANTIBIOTICS, pgdAntibioticOf } from '../src/index';

const codes = PGD_ANTIBIOTICS.flatMap((a) => [...a.vmps, ...a.previousVmps, ...a.amps]);

describe('PGD_ANTIBIOTICS', () => {
  it('holds only well-formed SNOMED (dm+d) ids, each once', () => {
    for (const code of codes) expect({ code, valid: snomedIdSchema.safeParse(code).success }).toEqual({ code, valid: true });
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('covers every clinical pathway with an antibiotic, and shingles (antivirals) with none', () => {
    const covered = new Set(PGD_ANTIBIOTICS.flatMap((a) => a.pathways));
    expect(pharmacyFirstPathways.filter((p) => !covered.has(p))).toEqual(['shingles']);
  });

  it('knows the AMPs of the Update Record examples, and no contraceptive or painkiller', () => {
    expect(pgdAntibioticOf('289411000001107')?.substance).toBe('flucloxacillin');
    expect(pgdAntibioticOf('24549911000001107')?.substance).toBe('nitrofurantoin');
    expect(isPgdAntibiotic('41953811000001101')).toBe(true); // Phenoxymethylpenicillin 250mg tablets (VMP)
    expect(isPgdAntibiotic('323416001')).toBe(true); // its previous VMP id
    expect(isPgdAntibiotic('17346711000001106')).toBe(false); // Rigevidon tablets
    expect(isPgdAntibiotic('39720311000001101')).toBe(false); // Paracetamol 500mg tablets
  });
});
