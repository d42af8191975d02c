import {
  RISK_INPUT_CODES,
  type ErrorIssue,
  type PatientRisk,
  type Prediction,
  type PredictQuery,
} from '@medicare/contracts';
import type { Database } from '../../db/client.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import type { RequestContext } from '../../auth/principal.js';
import { AppError } from '../../lib/errors.js';
import { audited } from '../../platform/audit.js';
import { latestObservations } from '../observations/index.js';
import { requirePatientInScope } from '../patients/index.js';
import {
  categoryOf,
  notesFor,
  outOfRange,
  pceRisk,
  PCE_MODEL,
  PCE_REFERENCE,
  type PceInputs,
  type Race,
} from './pce.js';

/** Where each input of a patient's score comes from. */
const SOURCES = RISK_INPUT_CODES;

const DAY_MS = 86_400_000;
const STALE_DAYS = 365;

/** The score, or 422 naming each input outside the model's validated range. */
export function predict(inputs: PceInputs): Prediction {
  const outside = outOfRange(inputs);
  if (outside.length > 0) {
    throw new AppError('RISK_INPUT_OUT_OF_RANGE', 'The model has no validated answer for these inputs', {
      issues: outside.map((o) => ({
        path: `/${o.input}`,
        message: `must be between ${o.min} and ${o.max} ${o.unit} for this model (got ${o.value})`,
      })),
    });
  }
  const score = pceRisk(inputs);
  return {
    score: Math.round(score * 10_000) / 10_000,
    percent: Math.round(score * 1000) / 10,
    category: categoryOf(score),
    ...PCE_MODEL,
    reference: PCE_REFERENCE,
    inputs,
    notes: notesFor(inputs),
  };
}

export const predictFromQuery = (q: PredictQuery): Prediction => predict(q);

/** Full years between a birth date and a day. */
export function ageOn(birthDate: string, day: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  let age = day.getUTCFullYear() - y;
  if (day.getUTCMonth() + 1 < m || (day.getUTCMonth() + 1 === m && day.getUTCDate() < d)) age -= 1;
  return age;
}

export type RiskService = ReturnType<typeof createRiskService>;

export function createRiskService(database: Pick<Database, 'db'>, clock: Clock = systemClock) {
  return {
    /** A patient's score from their record: age and sex from demographics, the rest from their latest observations. */
    async forPatient(ctx: RequestContext, patientId: string, race: Race = 'other'): Promise<PatientRisk> {
      return audited(
        database,
        ctx,
        { action: 'read', resourceType: 'risk', resourceId: patientId, patientId },
        async (tx) => {
          const patient = await requirePatientInScope(tx, ctx, 'clinical.read', patientId);
          const now = clock();
          const latest = new Map(
            (await latestObservations(tx, patientId, Object.values(SOURCES))).map((o) => [o.code, o]),
          );

          const issues: ErrorIssue[] = [];
          if (patient.sex !== 'female' && patient.sex !== 'male') {
            issues.push({
              path: '/sex',
              message: `the model is defined for female and male; the record says ${patient.sex}`,
            });
          }
          const missing = (Object.entries(SOURCES) as [keyof typeof SOURCES, string][])
            .filter(([, code]) => !latest.has(code))
            .map(([input, code]) => ({ input, code }));
          for (const m of missing)
            issues.push({ path: `/${m.input}`, message: `no observation ${m.code} recorded` });
          if (issues.length > 0) {
            throw new AppError('RISK_INPUTS_MISSING', 'The record lacks inputs the model needs', {
              issues,
              details: { missing: issues.map((i) => i.path.slice(1)) },
            });
          }

          const obs = (input: keyof typeof SOURCES) => latest.get(SOURCES[input])!;
          const inputs: PceInputs = {
            age: ageOn(patient.birthDate, now),
            sex: patient.sex as 'female' | 'male',
            race,
            totalCholesterol: Math.round(obs('totalCholesterol').canonicalValue! * 10) / 10,
            hdl: Math.round(obs('hdl').canonicalValue! * 10) / 10,
            systolicBp: obs('systolicBp').canonicalValue!,
            bpTreated: obs('bpTreated').valueBoolean === true,
            smoker: obs('smoker').valueText === 'current',
            diabetes: obs('diabetes').valueBoolean === true,
          };
          const prediction = predict(inputs);
          const sources: PatientRisk['sources'] = {
            age: { observationId: null, from: 'birthDate', effectiveAt: null, ageDays: null },
            sex: { observationId: null, from: 'sex', effectiveAt: null, ageDays: null },
            race: {
              observationId: null,
              from: race === 'other' ? 'not recorded (query race)' : 'query race',
              effectiveAt: null,
              ageDays: null,
            },
          };
          const notes = [...prediction.notes];
          for (const input of Object.keys(SOURCES) as (keyof typeof SOURCES)[]) {
            const o = obs(input);
            const ageDays = Math.floor((now.getTime() - o.effectiveAt.getTime()) / DAY_MS);
            sources[input] = {
              observationId: o.id,
              from: `${o.system === 'http://loinc.org' ? 'LOINC ' : ''}${o.code}`,
              effectiveAt: o.effectiveAt.toISOString(),
              ageDays,
            };
            if (ageDays > STALE_DAYS)
              notes.push(`${input} was recorded ${ageDays} days ago; a recent value would be more reliable.`);
          }
          return { result: { ...prediction, notes, sources } };
        },
      );
    },
  };
}
