import { type Clock, type GpMessage, systemClock } from '@firstsync/contracts';
import { GpProviderAddressError, type GpProviderDobFormat, gpProviderAddress, type MeshClient, WORKFLOW } from '@firstsync/mesh';
import { MESSAGE_FAULT, messageFault, messageFaultWith } from '../message-fault';
import type { AcknowledgementSource, Route, SendOptions, Transport, TransportOutcome } from '../port';
import type { AckTrackingStore } from './acks/ack-tracking-store';
import { classifyMeshError } from './classify-mesh-error';
import { meshSubject } from './mesh-subject';

export interface MeshTransportOptions {
  readonly client: MeshClient;
  /** Shared with the acknowledgement source, which matches acks to what was sent here. */
  readonly store: AckTrackingStore;
  /** DOB order inside GPPROVIDER_ addresses (NHS guides disagree: docs/known-spec-pitfalls.md#date-of-birth-order-in-gpprovider-addresses). */
  readonly dobFormat: GpProviderDobFormat;
  readonly acknowledgements?: AcknowledgementSource;
  readonly clock?: Clock;
}

/**
 * GP Connect Update Record over MESH: uploads the ITK3 message to `GPPROVIDER_<NHS>_<DOB>_<SURNAME>`
 * on GPCONNECT_UPDATE_RECORD, where Spine routes it to the patient's registered practice. An
 * upload is only `accepted`: the GP system's ITK3 acks (or MESH reports) decide later.
 */
export function createMeshTransport(options: MeshTransportOptions): Transport {
  const clock = options.clock ?? systemClock;
  const transport: Transport = {
    kind: 'mesh',
    async send(message: GpMessage, _route: Route, sendOptions: SendOptions = {}): Promise<TransportOutcome> {
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      if (sendOptions.signal?.aborted) return { kind: 'retryable', code: 'aborted', message: 'send aborted (service stopping)', durationMs: 0 };
      let to: string;
      try {
        to = gpProviderAddress(message.meshRouting, options.dobFormat);
      } catch (error) {
        // Our side, before anything left: a message fault, never counted against the practice.
        // Names the field, never its value; MESH would answer EPL-152..154 anyway, later.
        if (error instanceof GpProviderAddressError) return messageFaultWith(MESSAGE_FAULT.invalidMeshAddress, error.message, elapsed());
        return messageFault(error, 'address', elapsed());
      }
      try {
        const { identifiers } = message;
        const result = await options.client.send({
          to,
          workflowId: WORKFLOW.updateRecord,
          body: JSON.stringify(message.bundle),
          contentType: 'application/fhir+json',
          // Echoed on MESH reports: lets a report be matched even without the MESH message id.
          localId: identifiers.bundleIdentifier,
          subject: meshSubject(message),
          fileName: `${identifiers.bundleIdentifier}.json`,
        });
        options.store.register(
          {
            consultationId: message.consultationId,
            version: message.version,
            correlationId: message.correlationId,
            practiceOds: message.practiceOds,
            pharmacyOds: message.pharmacyOds,
            service: message.service,
            bundleIdentifier: identifiers.bundleIdentifier,
            messageHeaderId: identifiers.messageHeaderId,
            senderReference: identifiers.senderReference,
            meshMessageId: result.messageId,
          },
          clock.now(),
        );
        return {
          kind: 'accepted',
          code: 'mesh-accepted',
          message: `uploaded to MESH (${result.chunks} chunk${result.chunks === 1 ? '' : 's'}); awaiting ITK3 acknowledgements`,
          durationMs: elapsed(),
          transportMessageId: result.messageId,
        };
      } catch (error) {
        // Also covers what throws while the request is built (subject, body, Node refusing a header).
        return classifyMeshError(error, elapsed());
      }
    },
    async close() {
      options.client.close();
    },
  };
  return options.acknowledgements ? { ...transport, acknowledgements: options.acknowledgements } : transport;
}
