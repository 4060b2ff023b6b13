import { ITK_EVENT, RECIPIENT_TYPE } from '../codes';
import { EXTENSION, MESSAGE_DEFINITION_PLACEHOLDER, SYSTEM } from '../profiles';
import { asObject, asString, type JsonObject, objectsOf } from './json';
import type { ResourceCheck } from './resource-check';

const RECIPIENT_CODES: ReadonlySet<string> = new Set(Object.values(RECIPIENT_TYPE).map((r) => r.code));
const ODS_SYSTEMS: ReadonlySet<string> = new Set([SYSTEM.odsOrganization, SYSTEM.odsSite]);

/** The one sub-extension with this url (reported unless there is exactly one). */
function subExtension(check: ResourceCheck, parts: readonly { item: JsonObject }[], path: string, url: string): JsonObject | undefined {
  const found = parts.filter((p) => p.item.url === url);
  if (found.length !== 1) check.issues.error(`${path}.extension`, 'required', `sub-extension ${url} is required exactly once`);
  return found[0]?.item;
}

/** Extension-ITK-MessageHandling-2: all six sub-extensions are 1..1. */
function checkHandling(check: ResourceCheck): void {
  const handling = objectsOf(check.resource.extension).filter(({ item }) => item.url === EXTENSION.messageHandling);
  if (handling.length !== 1) {
    check.issues.error(check.at('extension'), 'required', `exactly one ${EXTENSION.messageHandling} extension is required`);
    return;
  }
  const [{ item, index }] = handling as [{ item: JsonObject; index: number }];
  const path = check.at(`extension[${index}]`);
  const parts = objectsOf(item.extension);
  for (const flag of ['BusAckRequested', 'InfAckRequested']) {
    const ext = subExtension(check, parts, path, flag);
    if (ext !== undefined && ext.valueBoolean !== true) {
      check.issues.error(`${path}.extension`, 'value', `${flag} must be true on an Update Record (both acks are mandatory)`);
    }
  }
  const recipient = subExtension(check, parts, path, 'RecipientType');
  if (recipient !== undefined) {
    check.coded('valueCoding', SYSTEM.itkRecipientType, { codes: RECIPIENT_CODES, isCoding: true, owner: recipient, ownerPath: `${path}.extension` });
  }
  const definition = subExtension(check, parts, path, 'MessageDefinition');
  if (definition !== undefined && asObject(definition.valueReference)?.reference !== MESSAGE_DEFINITION_PLACEHOLDER) {
    check.issues.error(`${path}.extension`, 'value', `MessageDefinition must reference ${MESSAGE_DEFINITION_PLACEHOLDER}`);
  }
  const senderReference = subExtension(check, parts, path, 'SenderReference');
  if (senderReference !== undefined) check.text('valueString', senderReference, `${path}.extension`);
  const local = subExtension(check, parts, path, 'LocalExtension');
  if (local !== undefined) check.text('valueString', local, `${path}.extension`);
}

/** ITK-MessageHeader-2 for event ITK014M (docs/update-record-itk3.md#messageheader). */
export function checkMessageHeader(check: ResourceCheck): void {
  checkHandling(check);
  const event = asObject(check.required('event'));
  if (event !== undefined) {
    check.fixed('system', SYSTEM.itkMessageEvent, event, check.at('event'));
    check.fixed('code', ITK_EVENT.updateRecord.code, event, check.at('event'));
    check.text('display', event, check.at('event'));
  }
  check.reference('sender', ['Organization']);
  check.instant('timestamp');
  const source = asObject(check.required('source'));
  if (source !== undefined) check.text('endpoint', source, check.at('source'));
  check.reference('focus', ['Bundle']);
  check.maxCount('focus', 1);
  // MESH routes the message: destination is 0..0; response belongs to acks only.
  check.prohibited('destination');
  check.prohibited('response');
}

/** CareConnect-ITK-Header-Organization-1: an ODS identifier and nothing else of substance. */
export function checkHeaderOrganization(check: ResourceCheck): void {
  const identifiers = objectsOf(check.required('identifier'));
  if (!identifiers.some(({ item }) => ODS_SYSTEMS.has(asString(item.system) ?? '') && asString(item.value))) {
    check.issues.error(check.at('identifier'), 'required', 'an ODS organisation or site code identifier is required');
  }
  for (const element of ['name', 'telecom', 'address', 'contact', 'partOf', 'type', 'alias', 'endpoint']) check.prohibited(element);
}
