/**
 * Minimal, explicit FHIR STU3 (3.0.x) types for the resources Update Record uses. Elements are
 * required here where the GP Connect / ITK profiles make them mandatory, so the compiler catches
 * a builder that forgets one; everything else the message never sends is left out on purpose.
 */

export interface Coding {
  system: string;
  code: string;
  display?: string;
}

export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}

export interface Extension {
  url: string;
  extension?: Extension[];
  valueBoolean?: boolean;
  valueString?: string;
  valueCoding?: Coding;
  valueCodeableConcept?: CodeableConcept;
  valueReference?: Reference;
}

export interface Identifier {
  extension?: Extension[];
  system: string;
  value: string;
}

/** Inside a message every reference is `urn:uuid:<id>` (or a logical identifier). */
export interface Reference {
  reference?: string;
  identifier?: Identifier;
  display?: string;
}

export interface Meta {
  versionId?: string;
  lastUpdated?: string;
  profile: string[];
  tag?: Coding[];
}

export interface Quantity {
  value: number;
  unit: string;
  system: string;
  code: string;
}

export interface Period {
  start: string;
  end?: string;
}

export interface HumanName {
  use?: 'official' | 'usual';
  family: string;
  given?: string[];
}

export interface Address {
  postalCode?: string;
}

interface ResourceBase<T extends string> {
  resourceType: T;
  id: string;
  meta: Meta;
}

export interface Organization extends ResourceBase<'Organization'> {
  identifier: Identifier[];
  name?: string;
}

export interface Patient extends ResourceBase<'Patient'> {
  identifier: Identifier[];
  name: HumanName[];
  gender?: 'male' | 'female' | 'other' | 'unknown';
  birthDate?: string;
  address?: Address[];
  generalPractitioner?: Reference[];
}

export interface Practitioner extends ResourceBase<'Practitioner'> {
  identifier?: Identifier[];
  name: HumanName[];
}

export interface PractitionerRole extends ResourceBase<'PractitionerRole'> {
  practitioner: Reference;
  organization: Reference;
  code: CodeableConcept[];
}

export interface EncounterParticipant {
  type: CodeableConcept[];
  individual: Reference;
}

export interface Encounter extends ResourceBase<'Encounter'> {
  identifier: Identifier[];
  status: 'finished';
  type: CodeableConcept[];
  subject: Reference;
  participant: EncounterParticipant[];
  period: Period;
  reason: CodeableConcept[];
  serviceProvider: Reference;
}

export interface ClinicalImpression extends ResourceBase<'ClinicalImpression'> {
  identifier: Identifier[];
  status: 'completed';
  subject: Reference;
  context: Reference;
  date: string;
  assessor: Reference;
  summary: string;
}

export interface Condition extends ResourceBase<'Condition'> {
  identifier: Identifier[];
  clinicalStatus: 'active';
  code: CodeableConcept;
  subject: Reference;
  context: Reference;
  assertedDate: string;
  asserter: Reference;
}

export interface ObservationComponent {
  code: CodeableConcept;
  valueQuantity: Quantity;
}

export interface Observation extends ResourceBase<'Observation'> {
  identifier: Identifier[];
  status: 'final';
  category?: CodeableConcept[];
  code: CodeableConcept;
  subject: Reference;
  context: Reference;
  effectiveDateTime: string;
  issued: string;
  performer: Reference[];
  valueQuantity?: Quantity;
  component?: ObservationComponent[];
}

export interface Dosage {
  text: string;
  patientInstruction: string;
}

export interface MedicationDispensePerformer {
  actor: Reference;
  onBehalfOf?: Reference;
}

export interface MedicationDispense extends ResourceBase<'MedicationDispense'> {
  identifier: Identifier[];
  status: 'completed' | 'stopped';
  category: CodeableConcept;
  medicationCodeableConcept: CodeableConcept;
  subject: Reference;
  context: Reference;
  performer: MedicationDispensePerformer[];
  type: CodeableConcept;
  quantity: Quantity;
  daysSupply?: Quantity;
  whenPrepared?: string;
  whenHandedOver?: string;
  dosageInstruction: Dosage[];
  notDone?: boolean;
}

export interface CompositionRelatesTo {
  code: 'replaces';
  targetIdentifier: Identifier;
}

export interface CompositionSection {
  entry: Reference[];
}

export interface Composition extends ResourceBase<'Composition'> {
  identifier: Identifier;
  status: 'final';
  type: CodeableConcept;
  subject: Reference;
  encounter: Reference;
  date: string;
  author: Reference[];
  title: string;
  relatesTo?: CompositionRelatesTo[];
  section: CompositionSection[];
}

export type IssueSeverity = 'fatal' | 'error' | 'warning' | 'information';

export interface OperationOutcomeIssue {
  severity: IssueSeverity;
  code: string;
  details?: CodeableConcept;
  diagnostics?: string;
  expression?: string[];
}

export interface OperationOutcome extends ResourceBase<'OperationOutcome'> {
  issue: OperationOutcomeIssue[];
}

/** An OperationOutcome that is not (yet) an entry in a Bundle, e.g. a validation report. */
export type StandaloneOperationOutcome = Omit<OperationOutcome, 'id' | 'meta'> & { id?: string; meta?: Meta };

export interface MessageHeaderResponse {
  identifier: string;
  code: 'ok' | 'transient-error' | 'fatal-error';
  details: Reference;
}

export interface MessageHeader extends ResourceBase<'MessageHeader'> {
  extension: Extension[];
  event: Coding & { display: string };
  sender: Reference;
  timestamp: string;
  source: { endpoint: string };
  focus?: Reference[];
  response?: MessageHeaderResponse;
}

export interface BundleEntry<R> {
  fullUrl: string;
  resource: R;
}

export type DocumentResource =
  | Composition
  | Encounter
  | Organization
  | Practitioner
  | PractitionerRole
  | Patient
  | Observation
  | MedicationDispense
  | Condition
  | ClinicalImpression;

export interface DocumentBundle extends ResourceBase<'Bundle'> {
  identifier: Identifier;
  type: 'document';
  entry: BundleEntry<DocumentResource>[];
}

export type MessageResource = MessageHeader | Organization | DocumentBundle | OperationOutcome;

export interface MessageBundle extends ResourceBase<'Bundle'> {
  identifier: Identifier;
  type: 'message';
  entry: BundleEntry<MessageResource>[];
}
