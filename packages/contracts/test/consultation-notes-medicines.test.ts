import { describe, it } from 'vitest';
import { checkCase, type RuleCase } from './support/consultation-cases';
import { REMOVE, text } from './support/edit';

// Contract "notes" and "medicinesSupplied[]" tables, and the outcome rules across fields.
const m = 'infectedInsectBite' as const; // one completed flucloxacillin supply, outcome medicine-supplied
const flucloxacillin = {
  dmdCode: '289411000001107',
  name: 'Flucloxacillin 500mg capsules',
  quantity: { value: 1, unitCode: '428641000', unit: 'capsule' },
  supplyType: 'patient-group-direction',
  dosageText: 'One capsule four times a day',
  patientInstruction: 'Take on an empty stomach.',
};

const cases: Record<string, RuleCase[]> = {
  notes: [
    { rule: 'only clinicalSummary accepted', edits: { notes: { clinicalSummary: 'Seen and advised.' } } },
    { rule: 'all headings accepted', edits: { 'notes.redFlags': 'None', 'notes.plan': 'Review in 3 days' } },
    { rule: 'clinicalSummary of 4000 accepted', edits: { 'notes.clinicalSummary': text(4000) } },
    { rule: 'clinicalSummary over 4000 rejected', edits: { 'notes.clinicalSummary': text(4001) }, fails: 'notes.clinicalSummary' },
    { rule: 'clinicalSummary is required', edits: { 'notes.clinicalSummary': REMOVE }, fails: 'notes.clinicalSummary' },
    { rule: 'blank clinicalSummary rejected', edits: { 'notes.clinicalSummary': ' \n ' }, fails: 'notes.clinicalSummary' },
    { rule: 'history over 4000 rejected', edits: { 'notes.history': text(4001) }, fails: 'notes.history' },
    { rule: 'signposting over 4000 rejected', edits: { 'notes.signposting': text(4001) }, fails: 'notes.signposting' },
    { rule: 'empty optional heading rejected', edits: { 'notes.adviceGiven': '' }, fails: 'notes.adviceGiven' },
    { rule: 'unknown heading rejected', edits: { 'notes.summary': 'x' }, fails: 'notes.summary' },
    { rule: 'notes object is required', edits: { notes: REMOVE }, fails: 'notes' },
  ],
  medicinesSupplied: [
    { rule: 'fractional quantity accepted', fixture: m, edits: { 'medicinesSupplied.0.quantity.value': 2.5 } },
    { rule: 'daysSupply is optional', fixture: m, edits: { 'medicinesSupplied.0.daysSupply': REMOVE } },
    { rule: 'daysSupply 366 accepted', fixture: m, edits: { 'medicinesSupplied.0.daysSupply': 366 } },
    { rule: 'status may be omitted (default completed)', fixture: m, edits: { 'medicinesSupplied.0.status': REMOVE } },
    { rule: 'bad dmdCode rejected', fixture: m, edits: { 'medicinesSupplied.0.dmdCode': 'FLUC500' }, fails: 'medicinesSupplied.0.dmdCode' },
    { rule: 'dmdCode is required', fixture: m, edits: { 'medicinesSupplied.0.dmdCode': REMOVE }, fails: 'medicinesSupplied.0.dmdCode' },
    { rule: 'name of 300 accepted', fixture: m, edits: { 'medicinesSupplied.0.name': text(300) } },
    { rule: 'name over 300 rejected', fixture: m, edits: { 'medicinesSupplied.0.name': text(301) }, fails: 'medicinesSupplied.0.name' },
    { rule: 'empty name rejected', fixture: m, edits: { 'medicinesSupplied.0.name': '' }, fails: 'medicinesSupplied.0.name' },
    { rule: 'quantity 0 rejected', fixture: m, edits: { 'medicinesSupplied.0.quantity.value': 0 }, fails: 'medicinesSupplied.0.quantity.value' },
    { rule: 'negative quantity rejected', fixture: m, edits: { 'medicinesSupplied.0.quantity.value': -20 }, fails: 'medicinesSupplied.0.quantity.value' },
    { rule: 'bad unitCode rejected', fixture: m, edits: { 'medicinesSupplied.0.quantity.unitCode': 'cap' }, fails: 'medicinesSupplied.0.quantity.unitCode' },
    { rule: 'unit display required', fixture: m, edits: { 'medicinesSupplied.0.quantity.unit': REMOVE }, fails: 'medicinesSupplied.0.quantity.unit' },
    {
      rule: 'unknown supplyType rejected',
      fixture: m,
      edits: { 'medicinesSupplied.0.supplyType': 'private-prescription' },
      fails: 'medicinesSupplied.0.supplyType',
    },
    { rule: 'emergency-supply accepted', fixture: m, edits: { 'medicinesSupplied.0.supplyType': 'emergency-supply' } },
    { rule: 'dosageText of 1000 accepted', fixture: m, edits: { 'medicinesSupplied.0.dosageText': text(1000) } },
    { rule: 'dosageText over 1000 rejected', fixture: m, edits: { 'medicinesSupplied.0.dosageText': text(1001) }, fails: 'medicinesSupplied.0.dosageText' },
    { rule: 'dosageText is required', fixture: m, edits: { 'medicinesSupplied.0.dosageText': REMOVE }, fails: 'medicinesSupplied.0.dosageText' },
    {
      rule: 'patientInstruction is required',
      fixture: m,
      edits: { 'medicinesSupplied.0.patientInstruction': REMOVE },
      fails: 'medicinesSupplied.0.patientInstruction',
    },
    {
      rule: 'patientInstruction over 1000 rejected',
      fixture: m,
      edits: { 'medicinesSupplied.0.patientInstruction': text(1001) },
      fails: 'medicinesSupplied.0.patientInstruction',
    },
    { rule: 'daysSupply 0 rejected', fixture: m, edits: { 'medicinesSupplied.0.daysSupply': 0 }, fails: 'medicinesSupplied.0.daysSupply' },
    { rule: 'daysSupply 367 rejected', fixture: m, edits: { 'medicinesSupplied.0.daysSupply': 367 }, fails: 'medicinesSupplied.0.daysSupply' },
    { rule: 'fractional daysSupply rejected', fixture: m, edits: { 'medicinesSupplied.0.daysSupply': 4.5 }, fails: 'medicinesSupplied.0.daysSupply' },
    { rule: 'unknown status rejected', fixture: m, edits: { 'medicinesSupplied.0.status': 'stopped' }, fails: 'medicinesSupplied.0.status' },
    { rule: 'unknown field rejected', fixture: m, edits: { 'medicinesSupplied.0.route': 'oral' }, fails: 'medicinesSupplied.0.route' },
    {
      rule: '20 medicines accepted',
      fixture: 'infectedInsectBite',
      edits: { medicinesSupplied: Array.from({ length: 20 }, () => flucloxacillin) },
    },
    {
      rule: '21 medicines rejected',
      fixture: 'infectedInsectBite',
      edits: { medicinesSupplied: Array.from({ length: 21 }, () => flucloxacillin) },
      fails: 'medicinesSupplied',
    },
  ],
  'outcome vs medicines': [
    {
      rule: 'medicine-supplied with only a declined medicine rejected',
      fixture: m,
      edits: { 'medicinesSupplied.0.status': 'declined' },
      fails: 'medicinesSupplied',
    },
    { rule: 'medicine-supplied with no medicines rejected', fixture: m, edits: { medicinesSupplied: REMOVE }, fails: 'medicinesSupplied' },
    { rule: 'advice-only with a completed medicine rejected', fixture: m, edits: { outcome: 'advice-only' }, fails: 'medicinesSupplied.0.status' },
    { rule: 'no-supply with a completed medicine rejected', fixture: m, edits: { outcome: 'no-supply' }, fails: 'medicinesSupplied.0.status' },
    { rule: 'advice-only with a declined medicine accepted', fixture: m, edits: { outcome: 'advice-only', 'medicinesSupplied.0.status': 'declined' } },
    { rule: 'no-supply with a declined medicine accepted', fixture: m, edits: { outcome: 'no-supply', 'medicinesSupplied.0.status': 'declined' } },
    { rule: 'otc-sale with a completed medicine accepted', fixture: m, edits: { outcome: 'otc-sale', 'medicinesSupplied.0.supplyType': 'over-the-counter' } },
    { rule: 'referred-to-gp without medicines accepted', fixture: m, edits: { outcome: 'referred-to-gp', medicinesSupplied: [] } },
  ],
};

for (const [area, rows] of Object.entries(cases)) {
  describe(area, () => {
    it.each(rows)('$rule', (row) => checkCase(row));
  });
}
