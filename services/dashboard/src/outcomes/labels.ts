import type { DeliveryResult } from '@firstsync/outcomes-core';
import { pgdAntibioticOf, UNMAPPED } from '@firstsync/outcomes-core';
import type { OutcomeGroup, ScopeLevel, ScopeRef } from '@firstsync/outcomes-store';

/** Words for the codes the figures carry; an unknown code is shown as it is. */
const WORDS: Readonly<Record<string, string>> = {
  'pharmacy-first': 'Pharmacy First',
  'blood-pressure-check': 'Blood pressure check',
  contraception: 'Contraception',
  'urgent-medicine-supply': 'Urgent medicine supply',
  'acute-sinusitis': 'Acute sinusitis',
  'sore-throat': 'Sore throat',
  'acute-otitis-media': 'Acute otitis media',
  'infected-insect-bite': 'Infected insect bite',
  impetigo: 'Impetigo',
  shingles: 'Shingles',
  'uncomplicated-uti': 'Uncomplicated UTI (women 16-64)',
  'advice-only': 'Advice only',
  'medicine-supplied': 'Medicine supplied',
  'otc-sale': 'Over-the-counter sale',
  'no-supply': 'No supply needed',
  'referred-to-gp': 'Referred to GP',
  'urgent-escalation': 'Urgent escalation',
  signposted: 'Signposted',
  'referred-to-other-pharmacy-service': 'Referred to another pharmacy service',
};

export function label(code: string): string {
  return WORDS[code] ?? code;
}

export const GROUP_LABELS: Readonly<Record<OutcomeGroup, string>> = { supplied: 'Supplied', 'advice-only': 'Advice only', referred: 'Referred' };

export const DELIVERY_LABELS: Readonly<Record<DeliveryResult, string>> = {
  pending: 'Pending',
  filed: 'Filed by Update Record',
  'fallback-email': 'Sent by NHSmail instead',
  rejected: 'Rejected (30002 / 30003)',
  'switched-off': 'Update Record switched off (20010)',
  failed: 'Failed',
  'not-shared': 'Not shared with the GP',
};

export const LEVEL_LABELS: Readonly<Record<ScopeLevel, string>> = {
  national: 'England',
  icb: 'ICB',
  'sub-icb': 'Sub-ICB location',
  pcn: 'PCN',
  practice: 'Practice',
  pharmacy: 'Pharmacy',
};

/** A service and its clinical pathway (null for minor illness and the other services). */
export function servicePathwayLabel(service: string, pathway: string | null): string {
  if (pathway === null) return service === 'pharmacy-first' ? `${label(service)}: minor illness` : label(service);
  return `${label(service)}: ${label(pathway)}`;
}

/** A dm+d code's name where a code list in the repo names it (the PGD antibiotics), else undefined. */
export function medicineName(dmdCode: string): string | undefined {
  const antibiotic = pgdAntibioticOf(dmdCode);
  return antibiotic ? `${antibiotic.substance} (PGD antibiotic)` : undefined;
}

/** How an area is named on a page: "PCN U90001 NORTHGATE AND RIVERSIDE PCN", "England". */
export function areaLabel(ref: ScopeRef): string {
  if (ref.level === 'national') return LEVEL_LABELS.national;
  if (ref.code === UNMAPPED) return `${LEVEL_LABELS[ref.level]} not known (unmapped)`;
  return [LEVEL_LABELS[ref.level], ref.code, ref.name].filter((part) => part !== null && part !== '').join(' ');
}
