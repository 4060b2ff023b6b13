import { type PracticeDirectory, practiceDirectorySchema, withDefaultRoute } from './practice-directory';

export interface DirectorySettings {
  /** JSON text of the directory (env `PRACTICE_DIRECTORY`, or the file `PRACTICE_DIRECTORY_FILE` names). */
  readonly PRACTICE_DIRECTORY?: string | undefined;
  readonly DEFAULT_FHIR_BASE_URL?: string | undefined;
  readonly PRACTICE_CONCURRENCY?: number;
}

/**
 * The practice directory from configuration. A default route named in the JSON wins (`null` there
 * means "park unknown practices" even when DEFAULT_FHIR_BASE_URL is set); otherwise
 * DEFAULT_FHIR_BASE_URL, when set, serves every practice without an entry over FHIR REST.
 * Errors name the variable and the rule, never the text.
 */
export function directoryFromConfig(settings: DirectorySettings): PracticeDirectory {
  let parsed: unknown = {};
  if (settings.PRACTICE_DIRECTORY !== undefined && settings.PRACTICE_DIRECTORY.trim() !== '') {
    try {
      parsed = JSON.parse(settings.PRACTICE_DIRECTORY);
    } catch {
      throw new Error('PRACTICE_DIRECTORY: not valid JSON');
    }
  }
  const result = practiceDirectorySchema.safeParse(parsed);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
    throw new Error(`PRACTICE_DIRECTORY: ${problems}`);
  }
  const fallback = settings.DEFAULT_FHIR_BASE_URL ? { transport: 'fhir-rest' as const, enabled: true, fhirBaseUrl: settings.DEFAULT_FHIR_BASE_URL } : null;
  return withDefaultRoute(result.data, fallback);
}
