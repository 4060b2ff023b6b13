import { describe, it } from 'vitest';
import { checkCase, type RuleCase } from './support/consultation-cases';
import { REMOVE, text } from './support/edit';

// Contract "patient" table. The fixture clock is 2026-03-10T18:00Z.

const cases: Record<string, RuleCase[]> = {
  nhsNumber: [
    { rule: 'spaced form accepted', edits: { 'patient.nhsNumber': '943 476 5919' } },
    { rule: 'other valid number accepted', edits: { 'patient.nhsNumber': '9434765919' } },
    { rule: 'wrong check digit rejected', edits: { 'patient.nhsNumber': '9434765918' }, fails: 'patient.nhsNumber' },
    { rule: 'IG example number (fails Mod 11) rejected', edits: { 'patient.nhsNumber': '4857773456' }, fails: 'patient.nhsNumber' },
    { rule: 'check digit 10 rejected', edits: { 'patient.nhsNumber': '1000000010' }, fails: 'patient.nhsNumber' },
    { rule: 'all-same-digit rejected although Mod 11 passes', edits: { 'patient.nhsNumber': '1111111111' }, fails: 'patient.nhsNumber' },
    { rule: '9 digits rejected', edits: { 'patient.nhsNumber': '943476591' }, fails: 'patient.nhsNumber' },
    { rule: 'hyphens rejected', edits: { 'patient.nhsNumber': '943-476-5919' }, fails: 'patient.nhsNumber' },
    { rule: 'number type rejected', edits: { 'patient.nhsNumber': 9434765919 }, fails: 'patient.nhsNumber' },
    { rule: 'is required', edits: { 'patient.nhsNumber': REMOVE }, fails: 'patient.nhsNumber' },
  ],
  nhsNumberVerified: [
    { rule: 'may be omitted (default true)', edits: { 'patient.nhsNumberVerified': REMOVE } },
    { rule: 'false accepted', edits: { 'patient.nhsNumberVerified': false } },
    { rule: 'string rejected', edits: { 'patient.nhsNumberVerified': 'yes' }, fails: 'patient.nhsNumberVerified' },
  ],
  name: [
    { rule: 'typographic apostrophe accepted', edits: { 'patient.name.family': 'D\u2019Souza' } },
    { rule: 'non-Latin letters accepted', edits: { 'patient.name.given': ['Мария', '李'] } },
    { rule: 'decomposed accent accepted', edits: { 'patient.name.given': ['Zoe\u0308'] } },
    { rule: 'inner spaces accepted', edits: { 'patient.name.family': 'Ní Bhriain' } },
    { rule: '5 given names accepted', edits: { 'patient.name.given': ['Ann', 'Beth', 'Cara', 'Dee', 'Eve'] } },
    { rule: 'no given name rejected', edits: { 'patient.name.given': [] }, fails: 'patient.name.given' },
    {
      rule: '6 given names rejected',
      edits: { 'patient.name.given': ['Ann', 'Beth', 'Cara', 'Dee', 'Eve', 'Fay'] },
      fails: 'patient.name.given',
    },
    { rule: 'digit in given name rejected', edits: { 'patient.name.given': ['Siân', 'J0hn'] }, fails: 'patient.name.given.1' },
    { rule: 'punctuation in family rejected', edits: { 'patient.name.family': 'Jones (Mrs)' }, fails: 'patient.name.family' },
    { rule: 'no letter at all rejected', edits: { 'patient.name.family': "'-" }, fails: 'patient.name.family' },
    { rule: 'family in a script PDS cannot hold rejected (no Latin letter)', edits: { 'patient.name.family': '王' }, fails: 'patient.name.family' },
    { rule: 'family in Cyrillic rejected', edits: { 'patient.name.family': 'Иванов' }, fails: 'patient.name.family' },
    { rule: 'family with Latin letters beyond Latin-1 accepted', edits: { 'patient.name.family': 'Łukasiewicz' } },
    { rule: 'family with a curly apostrophe accepted', edits: { 'patient.name.family': 'O\u2019Sullivan' } },
    { rule: 'family of Latin and other scripts accepted', edits: { 'patient.name.family': '王 Li' } },
    { rule: 'empty family rejected', edits: { 'patient.name.family': '' }, fails: 'patient.name.family' },
    { rule: 'family of 100 accepted', edits: { 'patient.name.family': text(100) } },
    { rule: 'family over 100 rejected', edits: { 'patient.name.family': text(101) }, fails: 'patient.name.family' },
    { rule: 'given name over 100 rejected', edits: { 'patient.name.given.0': text(101) }, fails: 'patient.name.given.0' },
  ],
  birthDate: [
    { rule: '1900-01-01 accepted', edits: { 'patient.birthDate': '1900-01-01' } },
    { rule: 'leap day accepted', edits: { 'patient.birthDate': '1980-02-29' } },
    { rule: 'before 1900 rejected', edits: { 'patient.birthDate': '1899-12-31' }, fails: 'patient.birthDate' },
    { rule: 'non-existent date rejected', edits: { 'patient.birthDate': '1981-02-29' }, fails: 'patient.birthDate' },
    { rule: 'UK format rejected', edits: { 'patient.birthDate': '02/11/1980' }, fails: 'patient.birthDate' },
    { rule: 'date-time rejected', edits: { 'patient.birthDate': '1980-11-02T00:00:00Z' }, fails: 'patient.birthDate' },
    { rule: 'today accepted', fixture: 'sinusitis', edits: { 'patient.birthDate': '2026-03-10', startedAt: '2026-03-10T17:00:00Z', endedAt: REMOVE } },
    { rule: 'future rejected', edits: { 'patient.birthDate': '2026-03-11' }, fails: 'patient.birthDate' },
    { rule: 'is required', edits: { 'patient.birthDate': REMOVE }, fails: 'patient.birthDate' },
  ],
  gender: [
    { rule: 'unknown accepted', edits: { 'patient.gender': 'unknown' } },
    { rule: 'code outside the enum rejected', edits: { 'patient.gender': 'F' }, fails: 'patient.gender' },
    { rule: 'is required', edits: { 'patient.gender': REMOVE }, fails: 'patient.gender' },
  ],
  postcode: [
    { rule: 'is optional', edits: { 'patient.postcode': REMOVE } },
    { rule: 'lower case without space accepted', edits: { 'patient.postcode': 'ls14ap' } },
    { rule: 'AA9A 9AA form accepted', edits: { 'patient.postcode': 'EC1A 1BB' } },
    { rule: 'outward code only rejected', edits: { 'patient.postcode': 'LS1' }, fails: 'patient.postcode' },
    { rule: 'US ZIP rejected', edits: { 'patient.postcode': '90210' }, fails: 'patient.postcode' },
    { rule: 'two spaces rejected', edits: { 'patient.postcode': 'LS1  4AP' }, fails: 'patient.postcode' },
  ],
  registeredPractice: [
    { rule: 'Y-prefixed practice accepted', edits: { 'patient.registeredPractice.odsCode': 'Y02345' } },
    { rule: 'name is optional', edits: { 'patient.registeredPractice.name': REMOVE } },
    {
      rule: 'pharmacy ODS rejected',
      edits: { 'patient.registeredPractice.odsCode': 'FVR79' },
      fails: 'patient.registeredPractice.odsCode',
    },
    {
      rule: 'letter + 4 digits rejected',
      edits: { 'patient.registeredPractice.odsCode': 'A8100' },
      fails: 'patient.registeredPractice.odsCode',
    },
    {
      rule: 'name over 200 rejected',
      edits: { 'patient.registeredPractice.name': text(201) },
      fails: 'patient.registeredPractice.name',
    },
    { rule: 'is required', edits: { 'patient.registeredPractice': REMOVE }, fails: 'patient.registeredPractice' },
  ],
  'patient object': [
    { rule: 'unknown field rejected', edits: { 'patient.dob': '1980-11-02' }, fails: 'patient.dob' },
    { rule: 'is required', edits: { patient: REMOVE }, fails: 'patient' },
  ],
};

for (const [field, rows] of Object.entries(cases)) {
  describe(`patient ${field}`, () => {
    it.each(rows)('$rule', (row) => checkCase(row));
  });
}
