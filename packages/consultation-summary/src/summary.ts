/**
 * What a person at the practice needs to read when the structured route cannot deliver: the
 * same facts as the Update Record message, flattened into labelled text. Contains patient data,
 * so it goes only into the email to the practice, never into logs or events.
 */
export interface ConsultationSummary {
  /** Composition.title, e.g. "High Street Pharmacy - Pharmacy First service". */
  readonly title: string;
  readonly service: string;
  readonly version: number;
  /** True for a correction: the practice should replace the earlier summary. */
  readonly replacesEarlierVersion: boolean;
  readonly documentIdentifier: string;
  readonly consultationStart: string;
  readonly consultationEnd: string | null;
  readonly patient: {
    readonly name: string;
    readonly nhsNumber: string;
    readonly birthDate: string;
    readonly gender: string | null;
  };
  readonly registeredPractice: { readonly odsCode: string; readonly name: string | null } | null;
  readonly pharmacy: { readonly name: string; readonly odsCode: string };
  readonly clinician: { readonly name: string; readonly role: string | null; readonly gphcNumber: string | null };
  readonly observations: readonly { readonly name: string; readonly value: string }[];
  readonly medicines: readonly {
    readonly name: string;
    readonly quantity: string;
    readonly dosage: string;
    readonly supply: string;
    readonly supplied: boolean;
  }[];
  readonly conditions: readonly string[];
  readonly notes: readonly { readonly heading: string; readonly text: string }[];
}
