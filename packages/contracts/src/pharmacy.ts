import { z } from 'zod';
import { pharmacyOdsCodeSchema } from './ods';
import { singleLineText } from './text';

export const pharmacySchema = z.strictObject({
  odsCode: pharmacyOdsCodeSchema,
  name: singleLineText(1, 200),
});
