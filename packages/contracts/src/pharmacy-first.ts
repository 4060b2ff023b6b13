import { z } from 'zod';
import { enumField } from './enum-field';
import { whenFieldsValid } from './when-fields-valid';

export const pharmacyFirstElements = ['clinical-pathway', 'minor-illness'] as const;

export const pharmacyFirstPathways = [
  'acute-sinusitis',
  'sore-throat',
  'acute-otitis-media',
  'infected-insect-bite',
  'impetigo',
  'shingles',
  'uncomplicated-uti',
] as const;

export type PharmacyFirstPathway = (typeof pharmacyFirstPathways)[number];

export const pharmacyFirstSchema = z
  .strictObject({
    element: enumField(pharmacyFirstElements),
    pathway: enumField(pharmacyFirstPathways).optional(),
  })
  .superRefine(
    (pf, ctx) => {
      if (pf.element === 'clinical-pathway' && pf.pathway === undefined) {
        ctx.addIssue({ code: 'custom', path: ['pathway'], message: "is required when element is 'clinical-pathway'" });
      }
      if (pf.element !== 'clinical-pathway' && pf.pathway !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['pathway'], message: `must not be present when element is '${pf.element}'` });
      }
    },
    { when: whenFieldsValid(['element'], ['pathway']) },
  );

export type PharmacyFirst = z.infer<typeof pharmacyFirstSchema>;
