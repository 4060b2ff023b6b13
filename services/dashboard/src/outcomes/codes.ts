import { z } from 'zod';

// ODS code formats of the areas outcomes are counted by (NHS England ODS): an ICB is Q and two
// letters or digits (QE1, QZA), a sub-ICB location three letters or digits (00L, Z1A), a PCN U and
// five digits (U90001). Upper case only, as ODS publishes them.
const ICB = /^Q[A-Z0-9]{2}$/;
const SUB_ICB = /^[A-Z0-9]{3}$/;
const PCN = /^U[0-9]{5}$/;

export const icbCodeSchema = z.string().regex(ICB, 'must be an ICB ODS code (Q and 2 upper-case letters or digits)');
export const subIcbCodeSchema = z.string().regex(SUB_ICB, 'must be a sub-ICB location ODS code (3 upper-case letters or digits)');
export const pcnCodeSchema = z.string().regex(PCN, 'must be a PCN ODS code (U and 5 digits)');
