import type { z } from 'zod';
import type { Outcome, Service } from './consultation';
import { calendarDateOfInstant, instantToMillis } from './instant';
import type { Observation } from './observation';
import { pregnancyRefusals } from './pregnancy-plausibility';
import type { RuleIssue } from './rule-issue';
import { whenFieldsValid } from './when-fields-valid';

// The contract's rules that span several fields. Each rule is pure, reads only the fields named
// next to it, and reports issues at the most specific path a sender can act on.

function pharmacyFirstMatchesService(c: { service: Service; pharmacyFirst?: unknown }): RuleIssue[] {
  if (c.service === 'pharmacy-first' && c.pharmacyFirst === undefined) {
    return [{ path: ['pharmacyFirst'], message: "is required when service is 'pharmacy-first'" }];
  }
  if (c.service !== 'pharmacy-first' && c.pharmacyFirst !== undefined) {
    return [{ path: ['pharmacyFirst'], message: `must not be present when service is '${c.service}'` }];
  }
  return [];
}

function endedNotBeforeStarted(c: { startedAt: string; endedAt?: string | undefined }): RuleIssue[] {
  if (c.endedAt !== undefined && instantToMillis(c.endedAt) < instantToMillis(c.startedAt)) {
    return [{ path: ['endedAt'], message: 'must not be before startedAt' }];
  }
  return [];
}

function startedNotBeforeBirth(c: { startedAt: string; patient: { birthDate: string } }): RuleIssue[] {
  // Compare the pharmacy's wall-clock date with the birth date (both plain YYYY-MM-DD strings).
  if (calendarDateOfInstant(c.startedAt) < c.patient.birthDate) {
    return [{ path: ['startedAt'], message: "must not be before the patient's birth date" }];
  }
  return [];
}

const OUTCOMES_FORBIDDING_SUPPLY: readonly Outcome[] = ['advice-only', 'no-supply'];

function outcomeMatchesMedicines(c: { outcome: Outcome; medicinesSupplied: { status: string }[] }): RuleIssue[] {
  if (c.outcome === 'medicine-supplied' && !c.medicinesSupplied.some((m) => m.status === 'completed')) {
    return [
      {
        path: ['medicinesSupplied'],
        message: "must contain at least one medicine with status 'completed' when outcome is 'medicine-supplied'",
      },
    ];
  }
  if (OUTCOMES_FORBIDDING_SUPPLY.includes(c.outcome)) {
    return c.medicinesSupplied.flatMap((m, i) =>
      m.status === 'completed' ? [{ path: ['medicinesSupplied', i, 'status'], message: `must not be 'completed' when outcome is '${c.outcome}'` }] : [],
    );
  }
  return [];
}

interface CrossFieldShape {
  service: Service;
  pharmacyFirst?: unknown;
  startedAt: string;
  endedAt?: string | undefined;
  patient: { birthDate: string; gender: string };
  observations: Observation[];
  outcome: Outcome;
  medicinesSupplied: { status: string }[];
}

function report<T>(rule: (value: T) => RuleIssue[]) {
  return (value: T, ctx: z.core.$RefinementCtx<T>): void => {
    for (const { code, ...issue } of rule(value)) ctx.addIssue({ code: 'custom', ...issue, ...(code === undefined ? {} : { params: { code } }) });
  };
}

/** Attaches every cross-field rule, each running as soon as the fields it reads are valid. */
export function addCrossFieldRules<S extends z.ZodType<CrossFieldShape>>(schema: S): S {
  return schema
    .superRefine(report(pharmacyFirstMatchesService), { when: whenFieldsValid(['service'], ['pharmacyFirst']) })
    .superRefine(report(endedNotBeforeStarted), { when: whenFieldsValid(['startedAt'], ['endedAt']) })
    .superRefine(report(startedNotBeforeBirth), { when: whenFieldsValid(['startedAt'], ['patient', 'birthDate']) })
    .superRefine(report(outcomeMatchesMedicines), { when: whenFieldsValid(['outcome'], ['medicinesSupplied']) })
    .superRefine(report(pregnancyRefusals), {
      when: whenFieldsValid(['observations'], ['patient', 'gender'], ['patient', 'birthDate'], ['startedAt']),
    });
}
