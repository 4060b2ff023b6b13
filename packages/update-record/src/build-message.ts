import type { Consultation } from '@firstsync/contracts';
import { createBuildContext } from './build/context';
import { entryOf, referenceTo, urnUuid, uuidIdentifier } from './build/datatypes';
import { buildDocumentBundle } from './build/document-bundle';
import { buildHeaderOrganization } from './build/header-organization';
import { buildMessageHeader, updateRecordHandling } from './build/message-header';
import { ConsentNotGivenError, InvalidBuildOptionsError } from './build-errors';
import { ITK_EVENT } from './codes';
import { isFhirInstant } from './fhir-datetime';
import type { MessageBundle } from './fhir-stu3';
import { PROFILE } from './profiles';
import { documentIdentifierFor } from './resource-ids';
import { shouldShareWithGp } from './share-consent';
import { isUuid } from './uuid-v5';

export interface BuildUpdateRecordOptions {
  /**
   * When the message is built: the consultation event's received time, so a rebuild of the same
   * event gives the same bytes. Becomes MessageHeader.timestamp and both Bundles' meta.lastUpdated.
   */
  readonly builtAt: string;
  /** Our MESH mailbox id (MessageHeader.source.endpoint). */
  readonly senderMeshMailbox: string;
  /** ODS code of the sending organisation; defaults to the pharmacy's (head offices may differ). */
  readonly senderOds?: string;
  /**
   * Identifier of the document a version > 1 replaces, when it is not the one we derived for
   * version - 1 (e.g. the previous version was never sent, so an earlier one is on the GP side).
   */
  readonly previousVersionDocumentIdentifier?: string;
}

/** What delivery, acks and resends correlate on, without parsing the Bundle again. */
export interface UpdateRecordIdentifiers {
  readonly bundleIdentifier: string;
  readonly messageHeaderId: string;
  readonly documentIdentifier: string;
  readonly senderReference: string;
}

export interface BuiltUpdateRecordMessage {
  readonly bundle: MessageBundle;
  readonly identifiers: UpdateRecordIdentifiers;
}

// ODS codes are upper-case alphanumerics, at most 9 characters (docs/update-record-itk3.md#ods-codes).
const ODS_CODE = /^[A-Z0-9]{1,9}$/;

function checkOptions(consultation: Consultation, options: BuildUpdateRecordOptions): void {
  if (!isFhirInstant(options.builtAt)) {
    throw new InvalidBuildOptionsError('builtAt must be a FHIR instant (date, time with seconds, and zone)');
  }
  if (options.senderMeshMailbox.trim() === '') throw new InvalidBuildOptionsError('senderMeshMailbox must not be blank');
  if (options.senderOds !== undefined && !ODS_CODE.test(options.senderOds)) {
    throw new InvalidBuildOptionsError('senderOds must be an ODS code (1-9 upper-case letters or digits)');
  }
  const previous = options.previousVersionDocumentIdentifier;
  if (previous !== undefined && consultation.version === 1) {
    throw new InvalidBuildOptionsError('previousVersionDocumentIdentifier is only meaningful for version 2 or later');
  }
  if (previous !== undefined && !isUuid(previous)) {
    throw new InvalidBuildOptionsError('previousVersionDocumentIdentifier must be a UUID');
  }
}

/**
 * Builds the GP Connect Update Record (ITK3, FHIR STU3) message for one consultation version.
 * Pure and deterministic: the same consultation and options always give the same bytes, and
 * two builds of one version differ only in the builtAt-derived timestamp and Bundle meta.
 *
 * @throws ConsentNotGivenError when the patient did not consent to share with the GP.
 * @throws InvalidBuildOptionsError when the options are malformed.
 */
export function buildUpdateRecordMessage(consultation: Consultation, options: BuildUpdateRecordOptions): BuiltUpdateRecordMessage {
  if (!shouldShareWithGp(consultation)) throw new ConsentNotGivenError();
  checkOptions(consultation, options);

  const context = createBuildContext(consultation);
  const { consultationId, version } = consultation;
  const documentIdentifier = documentIdentifierFor(consultationId, version);
  const replaces = version > 1 ? (options.previousVersionDocumentIdentifier ?? documentIdentifierFor(consultationId, version - 1)) : undefined;
  const documentBundle = buildDocumentBundle(context, {
    documentIdentifier,
    builtAt: options.builtAt,
    ...(replaces === undefined ? {} : { replacesDocumentIdentifier: replaces }),
  });

  const headerOrganization = buildHeaderOrganization(context.idFor('header-organization'), options.senderOds ?? consultation.pharmacy.odsCode);
  // The activity's id, as in every IG example: the Encounter's urn:uuid.
  const senderReference = urnUuid(context.ids.encounter);
  const messageHeader = buildMessageHeader({
    id: context.idFor('message-header'),
    event: ITK_EVENT.updateRecord,
    handling: updateRecordHandling(senderReference),
    sender: referenceTo(headerOrganization.id),
    timestamp: options.builtAt,
    sourceEndpoint: options.senderMeshMailbox,
    focus: referenceTo(documentBundle.id),
  });

  const bundleIdentifier = context.idFor('message-bundle');
  const bundle: MessageBundle = {
    resourceType: 'Bundle',
    id: bundleIdentifier,
    meta: { lastUpdated: options.builtAt, profile: [PROFILE.messageBundle] },
    identifier: uuidIdentifier(bundleIdentifier),
    type: 'message',
    entry: [entryOf(messageHeader), entryOf(headerOrganization), entryOf(documentBundle)],
  };
  return {
    bundle,
    identifiers: { bundleIdentifier, messageHeaderId: messageHeader.id, documentIdentifier, senderReference },
  };
}
