import { z } from 'zod';

/**
 * A SNOMED CT concept id as the contract defines it: 6-18 digits. dm+d AMP codes and dm+d
 * units of measure are SNOMED ids too. No Verhoeff check: the contract does not ask for one
 * and suppliers code against the contract.
 */
export const snomedIdSchema = z.string().regex(/^[0-9]{6,18}$/, 'must be a SNOMED CT concept id (6-18 digits)');
