import type { Concept } from '../codes';
import { RECIPIENT_TYPE } from '../codes';
import type { Extension, MessageHeader, MessageHeaderResponse, Reference } from '../fhir-stu3';
import { EXTENSION, MESSAGE_DEFINITION_PLACEHOLDER, PROFILE, SYSTEM } from '../profiles';
import { coding, meta } from './datatypes';

export interface MessageHandling {
  /** true on an Update Record (both acks are mandatory); false on an ack itself. */
  readonly acksRequested: boolean;
  readonly recipientType: Concept;
  readonly senderReference: string;
}

/** Extension-ITK-MessageHandling-2 with all six sub-extensions, each of which is 1..1. */
export function messageHandlingExtension(handling: MessageHandling): Extension {
  return {
    url: EXTENSION.messageHandling,
    extension: [
      { url: 'BusAckRequested', valueBoolean: handling.acksRequested },
      { url: 'InfAckRequested', valueBoolean: handling.acksRequested },
      { url: 'RecipientType', valueCoding: coding(SYSTEM.itkRecipientType, handling.recipientType) },
      { url: 'MessageDefinition', valueReference: { reference: MESSAGE_DEFINITION_PLACEHOLDER } },
      { url: 'SenderReference', valueString: handling.senderReference },
      { url: 'LocalExtension', valueString: 'None' },
    ],
  };
}

export interface MessageHeaderInput {
  readonly id: string;
  readonly event: Concept;
  readonly handling: MessageHandling;
  readonly sender: Reference;
  readonly timestamp: string;
  readonly sourceEndpoint: string;
  readonly focus?: Reference;
  readonly response?: MessageHeaderResponse;
}

/** ITK-MessageHeader-2. `destination` is 0..0: MESH does the routing. */
export function buildMessageHeader(input: MessageHeaderInput): MessageHeader {
  const header: MessageHeader = {
    resourceType: 'MessageHeader',
    id: input.id,
    meta: meta(PROFILE.messageHeader),
    extension: [messageHandlingExtension(input.handling)],
    event: { system: SYSTEM.itkMessageEvent, code: input.event.code, display: input.event.display },
    sender: input.sender,
    timestamp: input.timestamp,
    source: { endpoint: input.sourceEndpoint },
  };
  if (input.response !== undefined) header.response = input.response;
  if (input.focus !== undefined) header.focus = [input.focus];
  return header;
}

/** The handling an Update Record sends: both acks requested, for action. */
export function updateRecordHandling(senderReference: string): MessageHandling {
  return { acksRequested: true, recipientType: RECIPIENT_TYPE.forAction, senderReference };
}
