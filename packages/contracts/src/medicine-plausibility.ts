import type { ConsultationWarning } from './consultation-warning';
import type { MedicineSupplied } from './medicine';

// Quantities and days' supply checked against the medicine's supply. Warnings only: each has
// legitimate exceptions, and the impossible cases (a quantity of 0 or less, days outside 1-366)
// are refused by the schema (medicine.ts).

/**
 * Human Medicines Regulations 2012 (SI 2012/1916), regulation 225 (emergency sale or supply at
 * the patient's request): no more than 30 days' treatment, except where the smallest pack is
 * larger (insulin, creams, inhalers), a full cycle of an oral contraceptive or a full course of
 * a liquid antibiotic; 5 days for Schedule 4/5 controlled drugs.
 */
export const EMERGENCY_SUPPLY_MAX_DAYS = 30;

/**
 * dm+d units of measure for solid dose forms that are counted whole (NHSBSA dm+d "Unit of
 * measure" table): a supply of half a tablet cannot be handed over, so a fraction is a typo.
 */
const WHOLE_UNITS: ReadonlySet<string> = new Set([
  '428673006', // tablet
  '428641000', // capsule
]);

export const medicineWarningCodes = ['emergency-supply-over-30-days', 'quantity-not-whole-units'] as const;

function medicineWarning(m: MedicineSupplied, index: number): ConsultationWarning[] {
  const path = `medicinesSupplied.${index}`;
  const warnings: ConsultationWarning[] = [];
  if (m.supplyType === 'emergency-supply' && m.daysSupply !== undefined && m.daysSupply > EMERGENCY_SUPPLY_MAX_DAYS) {
    warnings.push({
      code: 'emergency-supply-over-30-days',
      message:
        'An emergency supply is limited to 30 days of treatment (Human Medicines Regulations 2012, reg. 225) unless the smallest pack is larger; check daysSupply.',
      path: `${path}.daysSupply`,
    });
  }
  if (WHOLE_UNITS.has(m.quantity.unitCode) && !Number.isInteger(m.quantity.value)) {
    warnings.push({
      code: 'quantity-not-whole-units',
      message: 'Tablets and capsules are supplied whole, but the quantity is not a whole number; check quantity.value.',
      path: `${path}.quantity.value`,
    });
  }
  return warnings;
}

/** Warnings for each medicine's quantity and supply. Pure; never rejects. */
export function medicineWarnings(c: { medicinesSupplied: readonly MedicineSupplied[] }): ConsultationWarning[] {
  return c.medicinesSupplied.flatMap(medicineWarning);
}
