// Types for validate.mjs (TypeScript picks up `validate.d.mts` for imports of './validate.mjs').

export type IssueSeverity = 'error' | 'fatal';

export interface ValidationIssue {
  severity: IssueSeverity;
  /** HAPI location, e.g. `Bundle.entry[2].resource/*Bundle/id*\/.entry[4].resource/*PractitionerRole/id*\/.code[0]`. */
  location: string;
  message: string;
  /** HAPI / HL7 validator message id, e.g. `Validation_VAL_Profile_Minimum` (absent for a few messages). */
  messageId?: string;
  /** Line in the validated file (XML and JSON inputs), when known. */
  line?: number;
  /** `location` relative to the innermost resource, e.g. `PractitionerRole.code[0]`. */
  resourcePath: string;
}

export interface WarningIssue extends Omit<ValidationIssue, 'severity'> {
  severity: 'warning';
}

export interface KnownIssueMatch extends ValidationIssue {
  /** `id` of the known-issues.json entry that matched. */
  knownIssue: string;
  reason: string;
}

export interface FileResult {
  /** The path as passed in (or the `name` given to validateFhirResources). */
  file: string;
  /** Errors and fatals that are not known NHS-asset defects: any entry here is a failure. */
  errors: ValidationIssue[];
  /** Number of warnings (not failures; SNOMED CT / dm+d codes cannot be checked offline and warn). */
  warnings: number;
  /** Errors excused by known-issues.json (reported, not failures). */
  knownIssues: KnownIssueMatch[];
  /** Present with `includeWarnings: true`. */
  warningDetails?: WarningIssue[];
  /** Validation time for this file (the first file of a run also pays the definitions' conversion). */
  ms: number;
}

export interface KnownIssue {
  id: string;
  reason: string;
  messageId?: string;
  /** Regular expression tested against the message. */
  messagePattern?: string;
  /** Regular expression tested against `resourcePath`. */
  pathPattern?: string;
  /** Regular expression tested against the file path ('/' separators). */
  filePattern?: string;
}

export interface ValidateOptions {
  /** Folder with the STU3 StructureDefinitions/ValueSets/CodeSystems (default: $FHIR_STU3_PROFILE_DIR or ../shared/fhir/stu3 from the repo root). */
  profileDir?: string;
  /** Also return every warning in `warningDetails`. */
  includeWarnings?: boolean;
  /** Path of a known-issues file, an explicit list, or false for none (default: known-issues.json beside validate.mjs). */
  knownIssues?: string | KnownIssue[] | false;
  /** JVM options (default: fast-start flags). */
  javaArgs?: string[];
  /** Hide the JVM's stderr timing line (default true; FHIR_VALIDATOR_VERBOSE=1 shows it). */
  quiet?: boolean;
  /** Hide the "building HAPI validator..." progress lines (default false). */
  quietBuild?: boolean;
}

export interface ValidationReport {
  results: FileResult[];
  timings: { jvmStartToMainMs: number; chainInitMs: number; validateTotalMs: number; totalMs: number };
  profiles: {
    dir: string;
    structureDefinitions: number;
    valueSets: number;
    codeSystems: number;
    skippedCoreDuplicates: string[];
    snapshotRepairs: string[];
  };
  hapiVersion: string;
}

/** Validates FHIR STU3 files (XML or JSON): base STU3 plus each declared meta.profile; one JVM for all files. */
export function validateFhirFiles(files: string[], options?: ValidateOptions): Promise<FileResult[]>;

/** Same, for in-memory resources (objects or JSON/XML strings), optionally named: `{ name, resource }`. */
export function validateFhirResources(
  resources: Array<object | string | { name?: string; resource: object | string }>,
  options?: ValidateOptions,
): Promise<FileResult[]>;

/** Full report: results plus timings and what was loaded. */
export function runValidator(files: string[], options?: ValidateOptions): Promise<ValidationReport>;

/** Builds target/fhir-validator.jar + target/lib with Maven unless up to date. */
export function ensureValidatorBuilt(options?: { quiet?: boolean }): Promise<void>;

export function defaultProfileDir(): string;
export function loadKnownIssues(file?: string): KnownIssue[];
export function applyKnownIssues<R extends { file: string; errors: ValidationIssue[]; knownIssues?: KnownIssueMatch[] }>(
  results: R[],
  knownIssues: KnownIssue[],
): Array<R & { knownIssues: KnownIssueMatch[] }>;
export function resourcePath(location: string): string;
export function formatResults(results: FileResult[], options?: { showKnown?: boolean }): string;
