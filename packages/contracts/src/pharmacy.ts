import { z } from 'zod';
import { pharmacyOdsCodeSchema } from './ods';
import { boundedText } from './text';

export const pharmacySchema = z.strictObject({
  odsCode: pharmacyOdsCodeSchema,
  name: boundedText(1, 200),
});
