// The DCB0129 risk matrix: the example matrix and acceptability definitions of NHS England's
// DCB0129 Implementation Guidance (likelihood x consequence -> risk level 1..5). Numbers grow with
// harm: severity 5 is catastrophic, likelihood 5 very high, risk 5 unacceptable.

export const DCB0129_URL =
  'https://digital.nhs.uk/data-and-information/information-standards/governance/latest-activity/standards-and-collections/dcb0129-clinical-risk-management-its-application-in-the-manufacture-of-health-it-systems';

export type Level = 1 | 2 | 3 | 4 | 5;

export const SEVERITY: Record<Level, { name: string; meaning: string }> = {
  1: { name: 'Minor', meaning: 'Minor injury or short-term recovery; minor psychological upset; inconvenience' },
  2: { name: 'Significant', meaning: 'Minor injury with long-term recovery, or significant psychological trauma, for one patient; minor harm to several' },
  3: {
    name: 'Considerable',
    meaning: 'Severe injury or incapacity from which recovery is expected, for one patient; significant psychological trauma to several',
  },
  4: { name: 'Major', meaning: 'Death or permanent life-changing incapacity of one patient; severe injury or incapacity of several' },
  5: { name: 'Catastrophic', meaning: 'Death or permanent life-changing incapacity of several patients' },
};

export const LIKELIHOOD: Record<Level, { name: string; meaning: string }> = {
  1: { name: 'Very low', meaning: 'Negligible or nearly negligible possibility of occurring' },
  2: { name: 'Low', meaning: 'Could occur but in the great majority of occasions will not' },
  3: { name: 'Medium', meaning: 'Possible' },
  4: { name: 'High', meaning: 'Not certain but very possible; reasonably expected to occur in the majority of cases' },
  5: { name: 'Very high', meaning: 'Certain or almost certain; highly likely to occur' },
};

export const RISK: Record<Level, { name: string; meaning: string }> = {
  1: { name: 'Acceptable', meaning: 'Acceptable, no further action required' },
  2: { name: 'Acceptable', meaning: 'Acceptable where cost of further reduction outweighs benefits gained or where further risk reduction is impractical' },
  3: {
    name: 'Undesirable',
    meaning:
      'Undesirable level of risk: attempts should be made to eliminate the hazard or implement control measures; acceptable only when further risk reduction is impractical',
  },
  4: { name: 'Mandatory elimination', meaning: 'Mandatory elimination of hazard or addition of control measure to reduce risk to an acceptable level' },
  5: { name: 'Unacceptable', meaning: 'Unacceptable level of risk' },
};

// Rows: likelihood 1 (very low) .. 5 (very high); columns: severity 1 (minor) .. 5 (catastrophic).
const MATRIX: readonly (readonly Level[])[] = [
  [1, 1, 2, 2, 3],
  [1, 2, 2, 3, 4],
  [2, 2, 3, 3, 4],
  [2, 3, 3, 4, 5],
  [3, 4, 4, 5, 5],
];

export const LEVELS: readonly Level[] = [1, 2, 3, 4, 5];

/** The highest risk level DCB0129 calls acceptable without further argument. */
export const HIGHEST_ACCEPTABLE_RISK: Level = 2;

export function riskOf(severity: Level, likelihood: Level): Level {
  const risk = MATRIX[likelihood - 1]?.[severity - 1];
  if (risk === undefined) throw new Error(`no risk level for severity ${severity}, likelihood ${likelihood}`);
  return risk;
}
