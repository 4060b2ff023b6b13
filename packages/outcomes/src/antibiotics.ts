import type { PharmacyFirstPathway } from '@firstsync/contracts';

/** One antibiotic of the Pharmacy First PGDs and the dm+d codes that name it. */
export interface PgdAntibiotic {
  readonly substance: string;
  /** The clinical pathways whose PGD lists it. */
  readonly pathways: readonly PharmacyFirstPathway[];
  /** dm+d VMPs (every strength and form the codelists hold). */
  readonly vmps: readonly string[];
  /** The VMP ids these replaced (dm+d re-coded many VMPs in 2023); GP systems still send them. */
  readonly previousVmps: readonly string[];
  /** AMPs named explicitly: those of NHS England's Update Record examples and our fixtures. */
  readonly amps: readonly string[];
}

/**
 * The antibiotics the Pharmacy First clinical pathways supply under PGD, defined once: every
 * `0501` (antibacterial) and fusidic acid VMP in OpenSAFELY's Pharmacy First treatment codelists
 * (opensafely/pharmacy-first, codelists/*-treatment-full-dmd-codelist.csv, May 2026), current and
 * previous ids. Shingles (aciclovir, valaciclovir: antivirals) has none; nasal sprays, ear drops
 * and hydrogen peroxide cream are not antibiotics.
 *
 * The contract's medicines carry AMP codes (a supplier's product). An AMP is matched only when it
 * is listed here; the full AMP coverage needs dm+d's AMP -> VMP map (the NHSBSA dm+d release), not
 * shipped yet. A supplier sending VMP codes is matched in full.
 */
export const PGD_ANTIBIOTICS: readonly PgdAntibiotic[] = [
  {
    substance: 'amoxicillin',
    pathways: ['acute-otitis-media'],
    vmps: [
      '35368511000001109',
      '35901911000001104',
      '39021911000001105',
      '39732311000001104',
      '39732411000001106',
      '41940811000001105',
      '41941111000001109',
      '41941311000001106',
    ],
    previousVmps: ['323509004', '323510009', '323730005', '323732002', '323733007', '323734001', '323740008', '35902011000001106', '769817000'],
    amps: [],
  },
  {
    substance: 'clarithromycin',
    pathways: ['acute-sinusitis', 'sore-throat', 'acute-otitis-media', 'infected-insect-bite', 'impetigo'],
    vmps: ['35368711000001104', '37083211000001101', '41946311000001103', '41946511000001109'],
    previousVmps: ['324238009', '324240004', '324244008', '324250003'],
    amps: [],
  },
  {
    substance: 'doxycycline',
    pathways: ['acute-sinusitis', 'infected-insect-bite'],
    vmps: ['39710311000001106', '41948311000001104', '41948611000001109'],
    previousVmps: ['324059006', '324070004', '324072007'],
    amps: [],
  },
  {
    substance: 'erythromycin',
    pathways: ['acute-sinusitis', 'sore-throat', 'acute-otitis-media', 'infected-insect-bite', 'impetigo'],
    vmps: [
      '36564711000001108',
      '39107211000001106',
      '39107311000001103',
      '41948811000001108',
      '41948911000001103',
      '41949011000001107',
      '41949111000001108',
      '41949211000001102',
      '41949311000001105',
      '41949411000001103',
    ],
    previousVmps: ['324178009', '324179001', '324180003', '324181004', '324191005', '324192003', '324203007', '324232005', '324233000', '324234006'],
    amps: [],
  },
  {
    substance: 'flucloxacillin',
    pathways: ['infected-insect-bite', 'impetigo'],
    vmps: [
      '16089611000001103',
      '16089711000001107',
      '39692111000001101',
      '39692211000001107',
      '41949911000001106',
      '41950011000001102',
      '41950311000001104',
      '41950411000001106',
    ],
    previousVmps: ['323464005', '323465006', '323474008', '323484009', '323485005', '323496002'],
    // Flucloxacillin 500mg capsules (A A H Pharmaceuticals): the infected insect bite example.
    amps: ['289411000001107'],
  },
  {
    substance: 'fusidic acid (topical)',
    pathways: ['impetigo'],
    vmps: ['41898711000001103'],
    previousVmps: ['332825002'],
    amps: [],
  },
  {
    substance: 'nitrofurantoin',
    pathways: ['uncomplicated-uti'],
    vmps: ['39108511000001108', '41953111000001108', '41953211000001102'],
    previousVmps: ['324558006', '324568001', '324570005'],
    // Nitrofurantoin 50mg capsules (A A H Pharmaceuticals): the UTI example.
    amps: ['24549911000001107'],
  },
  {
    substance: 'phenoxymethylpenicillin',
    pathways: ['acute-sinusitis', 'sore-throat'],
    vmps: ['41953711000001109', '41953811000001101', '41953911000001106', '9215111000001107', '9215211000001101'],
    previousVmps: ['323416001', '323418000', '323420002'],
    amps: [],
  },
];

const ANTIBIOTIC_CODES: ReadonlyMap<string, PgdAntibiotic> = new Map(
  PGD_ANTIBIOTICS.flatMap((antibiotic) => [...antibiotic.vmps, ...antibiotic.previousVmps, ...antibiotic.amps].map((code) => [code, antibiotic] as const)),
);

/** The PGD antibiotic a dm+d code names, or undefined when the code is not one of PGD_ANTIBIOTICS. */
export function pgdAntibioticOf(dmdCode: string): PgdAntibiotic | undefined {
  return ANTIBIOTIC_CODES.get(dmdCode);
}

export function isPgdAntibiotic(dmdCode: string): boolean {
  return ANTIBIOTIC_CODES.has(dmdCode);
}
