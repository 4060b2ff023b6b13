import type { MedicineSupplied } from '@firstsync/contracts';
import { DISPENSE_CATEGORY_COMMUNITY, DISPENSE_STATUS, SUPPLY_TYPES, UCUM } from '../codes';
import type { CodeableConcept, MedicationDispense } from '../fhir-stu3';
import { PROFILE, SYSTEM } from '../profiles';
import type { BuildContext } from './context';
import { coding, meta, uuidIdentifier } from './datatypes';

function supplyType(medicine: MedicineSupplied): CodeableConcept {
  const type = SUPPLY_TYPES[medicine.supplyType];
  return type.coded ? { coding: [coding(SYSTEM.medicationSupplyType, type)], text: type.display } : { text: type.display };
}

/**
 * One MedicationDispense per medicine. Completed supplies are `completed` with hand-over times;
 * declined ones are `stopped` + `notDone` with no hand-over (nothing left the pharmacy), so the
 * GP sees the offer was made without any risk of it being filed as an issued medicine.
 */
function buildDispense(context: BuildContext, medicine: MedicineSupplied, index: number): MedicationDispense {
  const id = context.idFor(`medication-dispense/${index}`);
  const dispense: MedicationDispense = {
    resourceType: 'MedicationDispense',
    id,
    meta: meta(PROFILE.medicationDispense),
    identifier: [uuidIdentifier(id)],
    status: DISPENSE_STATUS[medicine.status],
    category: { coding: [coding(SYSTEM.medicationDispenseCategory, DISPENSE_CATEGORY_COMMUNITY)], text: DISPENSE_CATEGORY_COMMUNITY.display },
    // dm+d AMP, never a medicationReference or an AMPP (IG "Usage of dm+d").
    medicationCodeableConcept: {
      coding: [coding(SYSTEM.dmd, { code: medicine.dmdCode, display: medicine.name })],
      text: medicine.name,
    },
    subject: context.refs.patient,
    context: context.refs.encounter,
    performer: [{ actor: context.refs.practitioner, onBehalfOf: context.refs.pharmacy }],
    type: supplyType(medicine),
    // dm+d units of measure are SNOMED concepts, hence the SNOMED system on the quantity.
    quantity: {
      value: medicine.quantity.value,
      unit: medicine.quantity.unit,
      system: SYSTEM.snomed,
      code: medicine.quantity.unitCode,
    },
    dosageInstruction: [{ text: medicine.dosageText, patientInstruction: medicine.patientInstruction }],
  };
  if (medicine.daysSupply !== undefined) {
    dispense.daysSupply = { value: medicine.daysSupply, unit: UCUM.day.unit, system: SYSTEM.ucum, code: UCUM.day.code };
  }
  if (medicine.status === 'completed') {
    dispense.whenPrepared = context.recordedAt;
    dispense.whenHandedOver = context.recordedAt;
  } else {
    dispense.notDone = true;
  }
  return dispense;
}

export function buildMedicationDispenses(context: BuildContext): MedicationDispense[] {
  return context.consultation.medicinesSupplied.map((medicine, index) => buildDispense(context, medicine, index));
}
