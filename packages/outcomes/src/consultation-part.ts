import { type Consultation, type ConsultationPart, calendarDateOfInstant, type MedicineFact } from '@firstsync/contracts';
import { ageBandOn } from './age-band';
import { isPgdAntibiotic } from './antibiotics';

/**
 * The de-identified consultation part of a consultation's outcome fact. Every field is picked
 * here by name, so nothing of the consultation travels by accident: codes, enums, the date and the
 * age band only. The birth date is used for the band and goes no further; names, NHS number,
 * postcode, clinician, notes, presenting complaints, observations, dosage texts and medicine names
 * are never read. `factKey` is the keyed hash of the consultation id, computed by the caller (the
 * HMAC secret stays at the edge).
 */
export function consultationPartOf(consultation: Consultation, factKey: string): ConsultationPart {
  const consultationDate = calendarDateOfInstant(consultation.startedAt);
  return {
    part: 'consultation',
    factKey,
    version: consultation.version,
    service: consultation.service,
    pharmacyFirstElement: consultation.pharmacyFirst?.element ?? null,
    pathway: consultation.pharmacyFirst?.pathway ?? null,
    outcome: consultation.outcome,
    referralSource: consultation.referral?.source ?? null,
    medicines: consultation.medicinesSupplied.filter((m) => m.status === 'completed').map(medicineFact),
    ageBand: ageBandOn(consultation.patient.birthDate, consultationDate),
    sex: consultation.patient.gender,
    pharmacyOds: consultation.pharmacy.odsCode,
    practiceOds: consultation.patient.registeredPractice.odsCode,
    consultationDate,
    sharedWithGp: consultation.consentToShareWithGp,
  };
}

function medicineFact(medicine: Consultation['medicinesSupplied'][number]): MedicineFact {
  return {
    dmdCode: medicine.dmdCode,
    quantity: { value: medicine.quantity.value, unitCode: medicine.quantity.unitCode },
    supplyType: medicine.supplyType,
    antibiotic: isPgdAntibiotic(medicine.dmdCode),
  };
}
