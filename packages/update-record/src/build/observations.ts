import type { Observation as ContractObservation } from '@firstsync/contracts';
import {
  BLOOD_PRESSURE_TRIPLETS,
  BODY_HEIGHT,
  BODY_MASS_INDEX,
  BODY_WEIGHT,
  type Concept,
  HEADING,
  HEART_RATE,
  type MeasuredConcept,
  OBSERVATION_CATEGORY,
  PREGNANCY_STATUS,
  PROCEDURE_FINDING_CODES,
  PULSE_IRREGULAR,
  SELF_REPORTED_HEIGHT,
  SELF_REPORTED_WEIGHT,
  TEMPERATURE,
  UCUM,
  type UcumUnit,
} from '../codes';
import type { CodeableConcept, Observation, Quantity } from '../fhir-stu3';
import { PROFILE, SYSTEM } from '../profiles';
import type { BuildContext } from './context';
import { coding, meta, snomedConcept, uuidIdentifier } from './datatypes';

type Category = (typeof OBSERVATION_CATEGORY)[keyof typeof OBSERVATION_CATEGORY];

function category(value: Category): CodeableConcept[] {
  return [{ coding: [coding(SYSTEM.observationCategory, value)], text: value.display }];
}

function quantity(value: number, unit: UcumUnit): Quantity {
  return { value, unit: unit.unit, system: SYSTEM.ucum, code: unit.code };
}

interface ObservationContent {
  readonly code: Concept;
  readonly category: Category;
  readonly heading?: Concept;
  readonly value?: Pick<Observation, 'valueQuantity' | 'component'>;
}

function observation(context: BuildContext, role: string, effectiveAt: string, content: ObservationContent): Observation {
  const id = context.idFor(role);
  return {
    resourceType: 'Observation',
    id,
    meta: meta(PROFILE.observation, content.heading),
    identifier: [uuidIdentifier(id)],
    status: 'final',
    category: category(content.category),
    code: snomedConcept(content.code),
    subject: context.refs.patient,
    context: context.refs.encounter,
    effectiveDateTime: effectiveAt,
    issued: context.recordedAt,
    performer: [context.refs.practitioner],
    ...content.value,
  };
}

function measured(concept: MeasuredConcept, value: number): ObservationContent {
  return { code: concept, category: OBSERVATION_CATEGORY.vitalSigns, value: { valueQuantity: quantity(value, concept.unit) } };
}

/** The FHIR content for one contract observation (heart rate may add a second, see below). */
function contentOf(o: ContractObservation): ObservationContent {
  switch (o.kind) {
    case 'blood-pressure': {
      // One panel with systolic/diastolic components, coded per method (IG BP triplets).
      const triplet = BLOOD_PRESSURE_TRIPLETS[o.method];
      return {
        code: triplet.panel,
        category: OBSERVATION_CATEGORY.vitalSigns,
        value: {
          component: [
            { code: snomedConcept(triplet.systolic), valueQuantity: quantity(o.systolic, UCUM.mmHg) },
            { code: snomedConcept(triplet.diastolic), valueQuantity: quantity(o.diastolic, UCUM.mmHg) },
          ],
        },
      };
    }
    case 'heart-rate':
      return measured(HEART_RATE, o.value);
    case 'temperature':
      return measured(TEMPERATURE, o.value);
    case 'height':
      return measured(o.selfReported === true ? SELF_REPORTED_HEIGHT : BODY_HEIGHT, o.value);
    case 'weight':
      return measured(o.selfReported === true ? SELF_REPORTED_WEIGHT : BODY_WEIGHT, o.value);
    case 'bmi':
      return measured(BODY_MASS_INDEX, o.value);
    case 'pregnancy-status':
      // A finding with no value, under the PRSB pregnancy-status heading (IG examples).
      return { code: PREGNANCY_STATUS[o.value], category: OBSERVATION_CATEGORY.socialHistory, heading: HEADING.pregnancyStatus };
    case 'coded-finding': {
      // Findings go in social-history as the IG's urine-nitrite example does; an ABPM-declined
      // finding additionally gets the procedures-and-therapies heading (IG PRSB snippet).
      const heading = PROCEDURE_FINDING_CODES.has(o.code) ? HEADING.proceduresAndTherapies : undefined;
      const code = { code: o.code, display: o.display };
      return heading === undefined ? { code, category: OBSERVATION_CATEGORY.socialHistory } : { code, category: OBSERVATION_CATEGORY.socialHistory, heading };
    }
  }
}

export function buildObservations(context: BuildContext): Observation[] {
  const { observations, startedAt } = context.consultation;
  return observations.flatMap((o, index) => {
    const effectiveAt = o.effectiveAt ?? startedAt;
    const built = [observation(context, `observation/${index}`, effectiveAt, contentOf(o))];
    // An irregular pulse is a separate finding alongside the rate (IG "Pulse rate" page).
    if (o.kind === 'heart-rate' && o.irregular === true) {
      built.push(
        observation(context, `observation/${index}/pulse-irregular`, effectiveAt, {
          code: PULSE_IRREGULAR,
          category: OBSERVATION_CATEGORY.vitalSigns,
        }),
      );
    }
    return built;
  });
}
