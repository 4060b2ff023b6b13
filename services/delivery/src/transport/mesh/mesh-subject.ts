import { readConsultationSummary } from '@firstsync/consultation-summary';
import type { GpMessage } from '@firstsync/contracts';
import { updateRecordSubject } from '@firstsync/mesh';

/**
 * mex-Subject as the IG asks (title, patient, NHS number, where seen, version). It is
 * patient-identifiable by design and only ever goes to MESH. A message we cannot read a summary
 * from still gets a subject with what the GpMessage itself says.
 */
export function meshSubject(message: GpMessage): string {
  try {
    const summary = readConsultationSummary(message.bundle);
    return updateRecordSubject({
      payloadTitle: summary.title,
      patientName: summary.patient.name,
      nhsNumber: message.meshRouting.nhsNumber,
      practiceName: summary.pharmacy.name,
      practiceOds: summary.pharmacy.odsCode || message.pharmacyOds,
      version: message.version,
    });
  } catch {
    return updateRecordSubject({
      payloadTitle: `${message.service} consultation`,
      patientName: message.meshRouting.surname.toUpperCase(),
      nhsNumber: message.meshRouting.nhsNumber,
      practiceName: message.pharmacyOds,
      practiceOds: message.pharmacyOds,
      version: message.version,
    });
  }
}
