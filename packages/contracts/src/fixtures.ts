import type { ConsultationInput } from './consultation';

type Clinician = ConsultationInput['clinician'];

// Realistic, valid consultations as a pharmacy system would send them (zod INPUT type), one per
// service and pathway. All dates are around 2026-03-10 (GMT in the UK, so Z is local time) so
// they never go stale. NHS numbers pass Mod 11; names and people are fictional. Codes are the
// ones in docs/pharmacy-first.md and docs/update-record-itk3.md (IG examples and the OpenSAFELY
// pathway codelist).

const riverside = { odsCode: 'FVR79', name: 'Riverside Pharmacy' };
const dispensers = { odsCode: 'FQW30', name: 'The Dispensers' };

const pharmacistHaddad: Clinician = {
  name: { given: ['Amira'], family: 'Haddad' },
  role: 'pharmacist',
  gphcNumber: '2087654',
};
const pharmacistWisniewski: Clinician = {
  name: { given: ['Tomasz'], family: 'Wiśniewski' },
  role: 'pharmacist',
  gphcNumber: '2212345',
};
const technicianBlake: Clinician = {
  name: { given: ['Kerry-Ann'], family: 'Blake' },
  role: 'pharmacy-technician',
};

const northgate = { odsCode: 'A81001', name: 'Northgate Medical Practice' };
const harbourView = { odsCode: 'Y02345', name: 'Harbour View Surgery' };
const moorside = { odsCode: 'B82005' };

// dm+d AMPs and units of measure from the IG examples (docs/update-record-itk3.md#the-official-examples).
const flucloxacillin500Caps = { dmdCode: '289411000001107', name: 'Flucloxacillin 500mg capsules' };
const nitrofurantoin50Caps = { dmdCode: '24549911000001107', name: 'Nitrofurantoin 50mg capsules' };
const rigevidon = { dmdCode: '17346711000001106', name: 'Rigevidon tablets' };
const capsule = { unitCode: '428641000', unit: 'capsule' };
const tablet = { unitCode: '428673006', unit: 'tablet' };

const sinusitis: ConsultationInput = {
  consultationId: '3f0c2a8e-5b7d-4c1a-9e2f-1a2b3c4d5e01',
  service: 'pharmacy-first',
  pharmacyFirst: { element: 'clinical-pathway', pathway: 'acute-sinusitis' },
  referral: { source: 'walk-in' },
  startedAt: '2026-03-10T09:05:00Z',
  endedAt: '2026-03-10T09:20:00Z',
  pharmacy: riverside,
  clinician: pharmacistHaddad,
  patient: {
    nhsNumber: '9000000009',
    name: { given: ['Siân'], family: 'Llewellyn-Jones' },
    birthDate: '1980-11-02',
    gender: 'female',
    postcode: 'LS1 4AP',
    registeredPractice: northgate,
  },
  presentingComplaints: [{ code: '15805002', display: 'Acute sinusitis' }],
  observations: [{ kind: 'temperature', value: 37.6 }],
  notes: {
    clinicalSummary: 'Acute sinusitis, symptoms for 6 days, improving. Self-care appropriate.',
    history: 'Facial pain and nasal congestion for 6 days. No visual disturbance. No penicillin allergy.',
    adviceGiven: 'Paracetamol or ibuprofen for pain, saline nasal rinse. Most cases resolve within 2-3 weeks.',
    signposting: 'See GP if symptoms last more than 3 weeks or worsen rapidly.',
  },
  outcome: 'advice-only',
  consentToShareWithGp: true,
};

const soreThroat: ConsultationInput = {
  consultationId: '3f0c2a8e-5b7d-4c1a-9e2f-1a2b3c4d5e02',
  service: 'pharmacy-first',
  pharmacyFirst: { element: 'clinical-pathway', pathway: 'sore-throat' },
  referral: { source: 'nhs-111', reference: '111-2026-0310-48213' },
  startedAt: '2026-03-10T10:30:00+00:00',
  endedAt: '2026-03-10T10:45:00+00:00',
  pharmacy: riverside,
  clinician: pharmacistHaddad,
  patient: {
    nhsNumber: '943 476 5919',
    name: { given: ['Oisín'], family: "O'Connor" },
    birthDate: '2017-06-21',
    gender: 'male',
    registeredPractice: northgate,
  },
  presentingComplaints: [{ code: '363746003', display: 'Acute pharyngitis' }],
  observations: [
    { kind: 'temperature', value: 38.1 },
    { kind: 'heart-rate', value: 104 },
  ],
  notes: {
    clinicalSummary: 'Sore throat, FeverPAIN score 1. Antibiotic not indicated.',
    history: 'Sore throat for 2 days, eating and drinking normally. Accompanied by parent.',
    adviceGiven: 'Fluids, paracetamol by age. Antibiotics would not help.',
    redFlags: 'No difficulty breathing or swallowing saliva; no drooling.',
  },
  outcome: 'advice-only',
  consentToShareWithGp: true,
};

const acuteOtitisMedia: ConsultationInput = {
  consultationId: '3f0c2a8e-5b7d-4c1a-9e2f-1a2b3c4d5e03',
  version: 1,
  service: 'pharmacy-first',
  pharmacyFirst: { element: 'clinical-pathway', pathway: 'acute-otitis-media' },
  referral: { source: 'gp-practice', reference: 'GPREF-55120' },
  startedAt: '2026-03-10T11:10:00Z',
  endedAt: '2026-03-10T11:25:00Z',
  pharmacy: riverside,
  clinician: pharmacistWisniewski,
  patient: {
    nhsNumber: '9990079196',
    name: { given: ['Zoë'], family: 'Müller' },
    birthDate: '2021-09-14',
    gender: 'female',
    postcode: 'YO1 7HH',
    registeredPractice: harbourView,
  },
  presentingComplaints: [{ code: '3110003', display: 'Acute otitis media' }],
  observations: [
    { kind: 'temperature', value: 38.4 },
    { kind: 'heart-rate', value: 118 },
  ],
  notes: {
    clinicalSummary: 'Acute otitis media, 1 day of symptoms. Watchful waiting, no supply.',
    history: 'Left ear pain since yesterday. No discharge. No previous episodes this year.',
    adviceGiven: 'Paracetamol or ibuprofen by age. Usually settles in 3 days.',
    plan: 'Return or contact NHS 111 if no better in 3 days.',
  },
  outcome: 'no-supply',
  consentToShareWithGp: true,
};

const infectedInsectBite: ConsultationInput = {
  consultationId: '3f0c2a8e-5b7d-4c1a-9e2f-1a2b3c4d5e04',
  service: 'pharmacy-first',
  pharmacyFirst: { element: 'clinical-pathway', pathway: 'infected-insect-bite' },
  referral: { source: 'walk-in' },
  startedAt: '2026-03-10T12:00:00Z',
  endedAt: '2026-03-10T12:18:00Z',
  pharmacy: dispensers,
  clinician: pharmacistWisniewski,
  patient: {
    nhsNumber: '9990237573',
    name: { given: ['Kwame'], family: 'Mensah' },
    birthDate: '1979-05-30',
    gender: 'male',
    postcode: 'M1 1AE',
    registeredPractice: harbourView,
  },
  presentingComplaints: [{ code: '276433004', display: 'Insect bite - wound' }],
  observations: [
    { kind: 'temperature', value: 37.4 },
    { kind: 'blood-pressure', systolic: 118, diastolic: 73, method: 'lying' },
    { kind: 'heart-rate', value: 82 },
  ],
  notes: {
    clinicalSummary: 'Infected insect bite on left forearm with spreading redness. Flucloxacillin supplied under PGD.',
    history: 'Bitten 3 days ago, increasing redness and warmth. Not allergic to penicillin.',
    adviceGiven: 'Complete the course. Seek help urgently if redness spreads quickly or fever develops.',
  },
  medicinesSupplied: [
    {
      ...flucloxacillin500Caps,
      quantity: { value: 20, ...capsule },
      supplyType: 'patient-group-direction',
      dosageText: 'One capsule four times a day for 5 days',
      patientInstruction: 'Take on an empty stomach, one hour before food or two hours after.',
      daysSupply: 5,
    },
  ],
  outcome: 'medicine-supplied',
  consentToShareWithGp: true,
};

const impetigo: ConsultationInput = {
  consultationId: '3f0c2a8e-5b7d-4c1a-9e2f-1a2b3c4d5e05',
  service: 'pharmacy-first',
  pharmacyFirst: { element: 'clinical-pathway', pathway: 'impetigo' },
  referral: { source: 'walk-in' },
  startedAt: '2026-03-10T13:40:00Z',
  pharmacy: dispensers,
  clinician: pharmacistWisniewski,
  patient: {
    nhsNumber: '9990316767',
    name: { given: ['Mateus'], family: 'Araújo' },
    birthDate: '1998-12-05',
    gender: 'male',
    registeredPractice: moorside,
  },
  presentingComplaints: [{ code: '48277006', display: 'Non-bullous impetigo' }],
  notes: {
    clinicalSummary: 'Widespread non-bullous impetigo on face and neck. Oral flucloxacillin supplied.',
    history: 'Crusted lesions spreading over 4 days. Not allergic to penicillin. Not systemically unwell.',
    adviceGiven: 'Keep lesions clean, avoid sharing towels, stay off work until lesions crust or 48 hours of treatment.',
  },
  medicinesSupplied: [
    {
      ...flucloxacillin500Caps,
      quantity: { value: 28, ...capsule },
      supplyType: 'patient-group-direction',
      dosageText: 'One capsule four times a day for 7 days',
      patientInstruction: 'Take on an empty stomach, one hour before food or two hours after.',
      daysSupply: 7,
    },
  ],
  outcome: 'medicine-supplied',
  consentToShareWithGp: true,
};

const shingles: ConsultationInput = {
  consultationId: '3f0c2a8e-5b7d-4c1a-9e2f-1a2b3c4d5e06',
  service: 'pharmacy-first',
  pharmacyFirst: { element: 'clinical-pathway', pathway: 'shingles' },
  referral: { source: 'walk-in' },
  startedAt: '2026-03-10T14:15:00Z',
  endedAt: '2026-03-10T14:30:00Z',
  pharmacy: riverside,
  clinician: pharmacistHaddad,
  patient: {
    nhsNumber: '9990395950',
    name: { given: ['Bartholomew', 'James'], family: 'Pennington' },
    birthDate: '1958-07-19',
    gender: 'male',
    postcode: 'SW1A 1AA',
    registeredPractice: northgate,
  },
  presentingComplaints: [{ code: '4740000', display: 'Herpes zoster' }],
  observations: [{ kind: 'temperature', value: 37.2 }],
  notes: {
    clinicalSummary: 'Suspected ophthalmic shingles. Urgent same-day escalation.',
    history: 'Painful vesicular rash on right forehead for 2 days, now near the eye.',
    redFlags: 'Rash involving the tip of the nose and eye area: possible ophthalmic involvement.',
    plan: 'Telephoned GP practice; same-day appointment arranged.',
  },
  outcome: 'urgent-escalation',
  consentToShareWithGp: true,
};

const uncomplicatedUti: ConsultationInput = {
  consultationId: '3f0c2a8e-5b7d-4c1a-9e2f-1a2b3c4d5e07',
  service: 'pharmacy-first',
  pharmacyFirst: { element: 'clinical-pathway', pathway: 'uncomplicated-uti' },
  referral: { source: 'walk-in' },
  startedAt: '2026-03-10T15:00:00Z',
  endedAt: '2026-03-10T15:12:00Z',
  pharmacy: dispensers,
  clinician: pharmacistWisniewski,
  patient: {
    nhsNumber: '9990475148',
    name: { given: ['Priya'], family: 'Raman' },
    birthDate: '2001-08-17',
    gender: 'female',
    postcode: 'B1 1BB',
    registeredPractice: harbourView,
  },
  presentingComplaints: [{ code: '68566005', display: 'Urinary tract infectious disease' }],
  observations: [
    { kind: 'temperature', value: 36.7 },
    { kind: 'pregnancy-status', value: 'not-pregnant' },
    { kind: 'coded-finding', code: '314137006', display: 'Urine nitrite positive' },
  ],
  notes: {
    clinicalSummary: 'Uncomplicated lower UTI. Nitrofurantoin supplied under PGD.',
    history: 'Dysuria and frequency for 2 days. No loin pain, no fever, not pregnant, no catheter.',
    adviceGiven: 'Drink plenty of fluids. Seek help if fever, loin pain or no improvement in 48 hours.',
  },
  medicinesSupplied: [
    {
      ...nitrofurantoin50Caps,
      quantity: { value: 12, ...capsule },
      supplyType: 'patient-group-direction',
      dosageText: 'One capsule four times a day for 3 days',
      patientInstruction: 'Take with food. May colour urine dark yellow or brown.',
      daysSupply: 3,
    },
  ],
  outcome: 'medicine-supplied',
  consentToShareWithGp: true,
};

const minorIllness: ConsultationInput = {
  consultationId: '3f0c2a8e-5b7d-4c1a-9e2f-1a2b3c4d5e08',
  service: 'pharmacy-first',
  pharmacyFirst: { element: 'minor-illness' },
  referral: { source: 'nhs-111', reference: '111-2026-0310-50977' },
  startedAt: '2026-03-10T16:20:00Z',
  endedAt: '2026-03-10T16:32:00Z',
  pharmacy: riverside,
  clinician: pharmacistHaddad,
  patient: {
    nhsNumber: '9990554331',
    nhsNumberVerified: false,
    name: { given: ['Aoife'], family: 'Ní Bhriain' },
    birthDate: '1994-04-29',
    gender: 'female',
    registeredPractice: moorside,
  },
  presentingComplaints: [{ code: '49727002', display: 'Cough' }],
  notes: {
    clinicalSummary: 'Dry cough for 5 days following a cold. No red flags.',
    adviceGiven: 'Honey and lemon, fluids, rest. Cough may last up to 3 weeks.',
    signposting: 'Contact GP if cough lasts more than 3 weeks or breathlessness develops.',
  },
  outcome: 'otc-sale',
  consentToShareWithGp: true,
};

const bpCheckNormal: ConsultationInput = {
  consultationId: '3f0c2a8e-5b7d-4c1a-9e2f-1a2b3c4d5e09',
  service: 'blood-pressure-check',
  referral: { source: 'walk-in' },
  startedAt: '2026-03-10T09:40:00Z',
  endedAt: '2026-03-10T09:50:00Z',
  pharmacy: dispensers,
  clinician: technicianBlake,
  patient: {
    nhsNumber: '9990633525',
    name: { given: ['Daniel'], family: 'Okoro' },
    birthDate: '1985-10-03',
    gender: 'male',
    postcode: 'EC1A 1BB',
    registeredPractice: northgate,
  },
  observations: [
    { kind: 'blood-pressure', systolic: 125, diastolic: 84, method: 'sitting' },
    { kind: 'heart-rate', value: 78, irregular: false },
  ],
  notes: {
    clinicalSummary: 'Clinic blood pressure within normal range.',
    adviceGiven: 'Healthy lifestyle advice. Recheck in 5 years, or sooner if advised.',
  },
  outcome: 'advice-only',
  consentToShareWithGp: true,
};

const bpCheckStage2AbpmDeclined: ConsultationInput = {
  consultationId: '3f0c2a8e-5b7d-4c1a-9e2f-1a2b3c4d5e10',
  service: 'blood-pressure-check',
  referral: { source: 'gp-practice' },
  startedAt: '2026-03-10T10:05:00Z',
  endedAt: '2026-03-10T10:25:00Z',
  pharmacy: dispensers,
  clinician: pharmacistWisniewski,
  patient: {
    nhsNumber: '9990712719',
    name: { given: ['Grace'], family: 'Adebayo-Okafor' },
    birthDate: '1973-06-11',
    gender: 'female',
    postcode: 'NE1 4ST',
    registeredPractice: harbourView,
  },
  observations: [
    { kind: 'blood-pressure', systolic: 176, diastolic: 104, method: 'sitting', effectiveAt: '2026-03-10T10:08:00Z' },
    { kind: 'blood-pressure', systolic: 171, diastolic: 102, method: 'sitting', effectiveAt: '2026-03-10T10:12:00Z' },
    { kind: 'heart-rate', value: 88, irregular: false },
    { kind: 'pregnancy-status', value: 'not-pregnant' },
    { kind: 'coded-finding', code: '861231000000105', display: 'Ambulatory blood pressure monitoring declined' },
  ],
  notes: {
    clinicalSummary: 'Clinic BP in stage 2 hypertension range. ABPM offered and declined.',
    adviceGiven: 'Explained the importance of follow-up; lifestyle advice given.',
    plan: 'Stage 2: GP appointment within 7 days. Practice telephoned separately.',
  },
  outcome: 'referred-to-gp',
  consentToShareWithGp: true,
};

const contraceptionSupplied: ConsultationInput = {
  consultationId: '3f0c2a8e-5b7d-4c1a-9e2f-1a2b3c4d5e11',
  service: 'contraception',
  referral: { source: 'walk-in' },
  startedAt: '2026-03-10T11:30:00Z',
  endedAt: '2026-03-10T11:50:00Z',
  pharmacy: riverside,
  clinician: pharmacistHaddad,
  patient: {
    nhsNumber: '9990791902',
    name: { given: ['Hannah', 'Louise'], family: 'Ward' },
    birthDate: '1990-08-22',
    gender: 'female',
    postcode: 'BS1 5TR',
    registeredPractice: northgate,
  },
  observations: [
    { kind: 'blood-pressure', systolic: 120, diastolic: 78, method: 'standing' },
    { kind: 'height', value: 162.56, selfReported: true },
    { kind: 'weight', value: 64, selfReported: true },
    { kind: 'bmi', value: 24.2 },
    { kind: 'pregnancy-status', value: 'not-pregnant' },
  ],
  notes: {
    clinicalSummary: 'Ongoing supply of combined oral contraceptive. No contraindications identified.',
    adviceGiven: 'Missed pill rules and VTE warning signs discussed.',
  },
  medicinesSupplied: [
    {
      ...rigevidon,
      quantity: { value: 252, ...tablet },
      supplyType: 'prescription-dispensing',
      dosageText: 'One tablet daily for 21 days, then 7 tablet-free days',
      patientInstruction: 'Take at the same time each day.',
      daysSupply: 336,
    },
  ],
  outcome: 'medicine-supplied',
  consentToShareWithGp: true,
};

const contraceptionNotSupplied: ConsultationInput = {
  consultationId: '3f0c2a8e-5b7d-4c1a-9e2f-1a2b3c4d5e12',
  service: 'contraception',
  referral: { source: 'nhs-111' },
  startedAt: '2026-03-10T12:40:00Z',
  endedAt: '2026-03-10T12:55:00Z',
  pharmacy: riverside,
  clinician: pharmacistHaddad,
  patient: {
    nhsNumber: '9990871094',
    name: { given: ['Chloé'], family: 'Dubois' },
    birthDate: '1987-12-01',
    gender: 'female',
    registeredPractice: harbourView,
  },
  observations: [
    { kind: 'blood-pressure', systolic: 142, diastolic: 90, method: 'sitting' },
    { kind: 'pregnancy-status', value: 'not-pregnant' },
  ],
  notes: {
    clinicalSummary: 'Blood pressure raised; combined pill not supplied.',
    adviceGiven: 'BP high, no supply. See GP within 7 days to discuss contraception options.',
  },
  outcome: 'no-supply',
  consentToShareWithGp: true,
};

const urgentMedicineSupply: ConsultationInput = {
  consultationId: '3f0c2a8e-5b7d-4c1a-9e2f-1a2b3c4d5e13',
  service: 'urgent-medicine-supply',
  referral: { source: 'nhs-111', reference: '111-2026-0310-61004' },
  startedAt: '2026-03-10T17:45:00Z',
  endedAt: '2026-03-10T17:55:00Z',
  pharmacy: dispensers,
  clinician: pharmacistWisniewski,
  patient: {
    nhsNumber: '999 095 0288',
    name: { given: ['Leah'], family: 'Goldberg' },
    birthDate: '1996-02-29',
    gender: 'female',
    postcode: 'L1 8JQ',
    registeredPractice: moorside,
  },
  notes: {
    clinicalSummary: 'Urgent supply of regular contraceptive pill; ran out while away from home.',
    history: 'Repeat medication confirmed from the Summary Care Record.',
  },
  medicinesSupplied: [
    {
      ...rigevidon,
      quantity: { value: 63, ...tablet },
      supplyType: 'emergency-supply',
      dosageText: 'One tablet daily for 21 days, then 7 tablet-free days',
      patientInstruction: 'Continue as before. Order your next repeat prescription from your GP.',
      daysSupply: 84,
    },
  ],
  outcome: 'medicine-supplied',
  consentToShareWithGp: true,
};

const consentRefused: ConsultationInput = {
  consultationId: '3f0c2a8e-5b7d-4c1a-9e2f-1a2b3c4d5e14',
  service: 'contraception',
  referral: { source: 'walk-in' },
  startedAt: '2026-03-10T13:15:00Z',
  endedAt: '2026-03-10T13:35:00Z',
  pharmacy: riverside,
  clinician: pharmacistHaddad,
  patient: {
    nhsNumber: '9991029478',
    name: { given: ['Maya'], family: 'Kowalczyk' },
    birthDate: '2006-10-09',
    gender: 'female',
    registeredPractice: northgate,
  },
  observations: [
    { kind: 'blood-pressure', systolic: 112, diastolic: 70, method: 'sitting' },
    { kind: 'bmi', value: 21.5 },
    { kind: 'pregnancy-status', value: 'not-pregnant' },
  ],
  notes: {
    clinicalSummary: 'Initiation of combined oral contraceptive. Patient does not consent to sharing with GP.',
  },
  medicinesSupplied: [
    {
      ...rigevidon,
      quantity: { value: 63, ...tablet },
      supplyType: 'patient-group-direction',
      dosageText: 'One tablet daily for 21 days, then 7 tablet-free days',
      patientInstruction: 'Start on the first day of your period.',
      daysSupply: 84,
    },
  ],
  outcome: 'medicine-supplied',
  consentToShareWithGp: false,
};

const all = {
  sinusitis,
  soreThroat,
  acuteOtitisMedia,
  infectedInsectBite,
  impetigo,
  shingles,
  uncomplicatedUti,
  minorIllness,
  bpCheckNormal,
  bpCheckStage2AbpmDeclined,
  contraceptionSupplied,
  contraceptionNotSupplied,
  urgentMedicineSupply,
  consentRefused,
};

export type FixtureName = keyof typeof all;

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * Frozen so that one test mutating a shared fixture cannot break another; use
 * `cloneFixture(name)` (or structuredClone) to get a copy to modify.
 */
export const fixtures: Readonly<Record<FixtureName, ConsultationInput>> = deepFreeze(all);

export const fixtureNames = Object.keys(all) as FixtureName[];

/** A mutable deep copy of a fixture, for tests that build a variant of it. */
export function cloneFixture(name: FixtureName): ConsultationInput {
  return structuredClone(fixtures[name]);
}

/** The clock the fixtures were written against: shortly after the last consultation ended. */
export const FIXTURE_NOW = new Date('2026-03-10T18:00:00Z');

/**
 * A fresh valid (Mod 11) NHS number in the 999 range NHS England reserves for testing, so a test
 * never meets another test's patient in the simulated PDS (it remembers where each is registered).
 */
export function randomTestNhsNumber(): string {
  for (;;) {
    const digits = [9, 9, 9, ...Array.from({ length: 6 }, () => Math.floor(Math.random() * 10))];
    const check = 11 - (digits.reduce((sum, d, i) => sum + d * (10 - i), 0) % 11);
    if (check !== 10) return `${digits.join('')}${check === 11 ? 0 : check}`;
  }
}
