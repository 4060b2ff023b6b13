import type { ConsultationSummary } from './summary';

/** One block of the readable summary; HTML, plain text and PDF all render this same list. */
export interface SummarySection {
  readonly heading: string;
  /** Label/value rows (a table in HTML). */
  readonly rows: readonly (readonly [string, string])[];
  /** Free text paragraphs (notes). */
  readonly paragraphs: readonly string[];
}

function dateTime(value: string): string {
  // Shown as sent (ISO 8601 with offset) but readable: "2026-11-23 10:15 (+00:00)".
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/.exec(value);
  if (!match) return value;
  const zone = match[3] === undefined || match[3] === 'Z' ? '+00:00' : match[3];
  return `${match[1]} ${match[2]} (${zone})`;
}

function nhsNumber(value: string): string {
  return /^\d{10}$/.test(value) ? `${value.slice(0, 3)} ${value.slice(3, 6)} ${value.slice(6)}` : value;
}

export function summaryHeadline(summary: ConsultationSummary): string {
  const correction = summary.replacesEarlierVersion ? ` (correction, version ${summary.version})` : '';
  return `${summary.service}: consultation summary${correction}`;
}

export function summarySections(summary: ConsultationSummary): SummarySection[] {
  const when = summary.consultationEnd ? `${dateTime(summary.consultationStart)} to ${dateTime(summary.consultationEnd)}` : dateTime(summary.consultationStart);
  const sections: SummarySection[] = [
    {
      heading: 'Patient',
      rows: [
        ['Name', summary.patient.name],
        ['NHS number', nhsNumber(summary.patient.nhsNumber)],
        ['Date of birth', summary.patient.birthDate],
        ...(summary.patient.gender ? [['Gender', summary.patient.gender] as const] : []),
        ...(summary.registeredPractice
          ? [
              [
                'Registered practice',
                summary.registeredPractice.name
                  ? `${summary.registeredPractice.name} (${summary.registeredPractice.odsCode})`
                  : summary.registeredPractice.odsCode,
              ] as const,
            ]
          : []),
      ],
      paragraphs: [],
    },
    {
      heading: 'Consultation',
      rows: [
        ['Service', summary.service],
        ['When', when],
        ['Pharmacy', summary.pharmacy.odsCode ? `${summary.pharmacy.name} (${summary.pharmacy.odsCode})` : summary.pharmacy.name],
        [
          'Seen by',
          [summary.clinician.name, summary.clinician.role, summary.clinician.gphcNumber ? `GPhC ${summary.clinician.gphcNumber}` : null]
            .filter(Boolean)
            .join(', '),
        ],
        ['Version', summary.replacesEarlierVersion ? `${summary.version} (replaces the earlier summary for this consultation)` : String(summary.version)],
        ['Document id', summary.documentIdentifier],
      ],
      paragraphs: [],
    },
  ];
  if (summary.conditions.length > 0) sections.push({ heading: 'Conditions', rows: summary.conditions.map((c) => ['Condition', c] as const), paragraphs: [] });
  if (summary.observations.length > 0)
    sections.push({ heading: 'Observations', rows: summary.observations.map((o) => [o.name, o.value] as const), paragraphs: [] });
  if (summary.medicines.length > 0) {
    sections.push({
      heading: 'Medicines',
      rows: summary.medicines.map(
        (m) =>
          [
            m.name,
            [m.supplied ? m.quantity : `not supplied${m.quantity ? ` (offered ${m.quantity})` : ''}`, m.supply, m.dosage].filter(Boolean).join('; '),
          ] as const,
      ),
      paragraphs: [],
    });
  }
  for (const note of summary.notes) sections.push({ heading: note.heading, rows: [], paragraphs: note.text.split(/\n{2,}/) });
  return sections;
}
