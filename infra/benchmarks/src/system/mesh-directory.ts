/** The NHSmail address the shared service table gives a demo practice (fallback when MESH gives up). */
const nhsmailAddress = (ods: string) => `${ods.toLowerCase()}.practice@nhs.test`;

/**
 * Delivery's PRACTICE_DIRECTORY for a pipeline that measures both routes at once: the named
 * practices over MESH, every other practice over FHIR REST (no `default` entry, so delivery's
 * DEFAULT_FHIR_BASE_URL serves them).
 */
export function meshPracticesDirectory(meshPractices: readonly string[]): string {
  return JSON.stringify({ practices: Object.fromEntries(meshPractices.map((ods) => [ods, { transport: 'mesh', nhsmailAddress: nhsmailAddress(ods) }])) });
}

/**
 * Delivery's environment with both routes: the FHIR REST table's (DEFAULT_FHIR_BASE_URL) plus the
 * MESH table's (mailbox, keys, poll interval, NHSmail fallback), with the directory above.
 */
export function bothRoutesDeliveryEnv(
  fhirRestEnv: Readonly<Record<string, string>>,
  meshEnv: Readonly<Record<string, string>>,
  meshPractices: readonly string[],
): Record<string, string> {
  if (fhirRestEnv.DEFAULT_FHIR_BASE_URL === undefined) throw new Error('the FHIR REST service table gives delivery no DEFAULT_FHIR_BASE_URL');
  if (meshEnv.MESH_URL === undefined) throw new Error('the MESH service table gives delivery no MESH_URL');
  return { ...fhirRestEnv, ...meshEnv, DEFAULT_FHIR_BASE_URL: fhirRestEnv.DEFAULT_FHIR_BASE_URL, PRACTICE_DIRECTORY: meshPracticesDirectory(meshPractices) };
}
