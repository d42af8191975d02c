import { useId, useState } from 'react';
import type { PatientRisk } from '@medicare/contracts';
import type { RiskRace } from '../../api/client';
import { isApiError } from '../../api/errors';
import { ErrorState, Loading } from '../../ui/feedback';
import { Field, Select } from '../../ui/form';
import { RISK_INPUT_LABELS } from './catalogue';
import { useRisk } from './queries';

const RACES: [RiskRace, string][] = [
  ['other', 'Other or not stated'],
  ['white', 'White'],
  ['african_american', 'African American'],
];

type Category = PatientRisk['category'];
const BANDS: { category: Category; label: string; range: string; tone: string }[] = [
  { category: 'low', label: 'Low', range: 'under 5%', tone: 'bg-green-100 border-green-700' },
  { category: 'borderline', label: 'Borderline', range: '5–7.4%', tone: 'bg-yellow-100 border-yellow-700' },
  {
    category: 'intermediate',
    label: 'Intermediate',
    range: '7.5–19.9%',
    tone: 'bg-orange-100 border-orange-700',
  },
  { category: 'high', label: 'High', range: '20% or more', tone: 'bg-red-100 border-red-700' },
];

/** The 10-year ASCVD risk from the patient's record, its inputs and their sources; or what stops it. */
export function RiskCard({ patientId }: { patientId: string }) {
  const [race, setRace] = useState<RiskRace>('other');
  const risk = useRisk(patientId, race);
  return (
    <div className="space-y-4">
      <Field
        label="Race, for the calculation"
        hint="Race is not part of the record. The equations differ for white and African American people; “other” uses the equations for white people."
        className="max-w-sm"
      >
        {(props) => (
          <Select {...props} value={race} onChange={(e) => setRace(e.target.value as RiskRace)}>
            {RACES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
        )}
      </Field>
      {risk.isPending ? (
        <Loading label="Calculating…" />
      ) : risk.isError ? (
        <NoScore error={risk.error} onRetry={() => void risk.refetch()} />
      ) : (
        <Score risk={risk.data} />
      )}
    </div>
  );
}

function NoScore({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  if (isApiError(error, 'RISK_INPUTS_MISSING'))
    return (
      <div
        role="status"
        className="rounded-md border border-amber-400 bg-amber-50 p-4 text-sm text-amber-950"
      >
        <p className="font-semibold">No score yet: the record lacks inputs the model needs</p>
        <p className="mt-1">Record these, and the score appears here:</p>
        <ul className="mt-2 list-disc space-y-1 pl-5" aria-label="Missing inputs">
          {issuesOf(error).map((issue) => (
            <li key={issue.path}>
              <span className="font-medium">{labelOf(issue.path)}</span> — {issue.message}
            </li>
          ))}
        </ul>
      </div>
    );
  if (isApiError(error, 'RISK_INPUT_OUT_OF_RANGE'))
    return (
      <div
        role="status"
        className="rounded-md border border-amber-400 bg-amber-50 p-4 text-sm text-amber-950"
      >
        <p className="font-semibold">No score: outside the model’s validated range</p>
        <p className="mt-1">
          The Pooled Cohort Equations were validated only within these ranges; outside them any number would
          be a guess, so none is shown.
        </p>
        <ul className="mt-2 list-disc space-y-1 pl-5" aria-label="Inputs outside the range">
          {issuesOf(error).map((issue) => (
            <li key={issue.path}>
              <span className="font-medium">{labelOf(issue.path)}</span> {issue.message}
            </li>
          ))}
        </ul>
      </div>
    );
  return <ErrorState error={error} onRetry={onRetry} title="The risk score could not be loaded" />;
}

const issuesOf = (error: { issues: { path: string; message: string }[]; details?: unknown }) => {
  if (error.issues.length > 0) return error.issues;
  const missing = (error.details as { missing?: string[] } | undefined)?.missing ?? [];
  return missing.map((m) => ({ path: `/${m}`, message: 'not recorded' }));
};
const labelOf = (path: string) => RISK_INPUT_LABELS[path.replace(/^\//, '')] ?? path.replace(/^\//, '');

function Score({ risk }: { risk: PatientRisk }) {
  const id = useId();
  const band = BANDS.find((b) => b.category === risk.category)!;
  return (
    <div className="space-y-4">
      <div>
        <p className="text-sm text-slate-700" id={`${id}-what`}>
          Estimated 10-year risk of a first heart attack or stroke (hard ASCVD)
        </p>
        <p className="mt-1 flex flex-wrap items-baseline gap-x-3">
          <span className="text-4xl font-semibold text-slate-900" aria-describedby={`${id}-what`}>
            {risk.percent.toFixed(1)}%
          </span>
          <span
            className={`rounded-full border-2 px-3 py-0.5 text-sm font-semibold text-slate-900 ${band.tone}`}
          >
            {band.label} risk
          </span>
        </p>
      </div>
      <RiskScale category={risk.category} />
      <Sources risk={risk} />
      <div className="text-sm text-slate-800">
        <h3 className="font-semibold text-slate-900">About this score</h3>
        <ul className="mt-1 list-disc space-y-1 pl-5">
          {risk.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
        <p className="mt-2 text-xs text-slate-700">
          Model {risk.model} ({risk.modelVersion}). {risk.reference}
        </p>
      </div>
    </div>
  );
}

/** Four bands in a row; this patient's is marked with an arrow, a thick border and the word "this patient". */
function RiskScale({ category }: { category: Category }) {
  return (
    <ol className="grid grid-cols-2 gap-1 text-xs sm:grid-cols-4" aria-label="Risk categories">
      {BANDS.map((b) => {
        const current = b.category === category;
        return (
          <li
            key={b.category}
            aria-current={current ? 'true' : undefined}
            className={`rounded-md border p-1.5 text-slate-900 ${b.tone} ${current ? 'border-[3px] font-semibold' : 'border-transparent opacity-80'}`}
          >
            <span className="block">
              {current && <span aria-hidden="true">▶ </span>}
              {b.label}
            </span>
            <span className="block">{b.range}</span>
            {current && <span className="sr-only"> (this patient)</span>}
          </li>
        );
      })}
    </ol>
  );
}

const ORDER = [
  'age',
  'sex',
  'race',
  'totalCholesterol',
  'hdl',
  'systolicBp',
  'bpTreated',
  'smoker',
  'diabetes',
];

function inputValue(risk: PatientRisk, input: string): string {
  const i = risk.inputs;
  switch (input) {
    case 'age':
      return `${i.age} years`;
    case 'sex':
      return i.sex === 'female' ? 'Female' : 'Male';
    case 'race':
      return RACES.find(([r]) => r === i.race)?.[1] ?? i.race;
    case 'totalCholesterol':
      return `${i.totalCholesterol} mg/dL`;
    case 'hdl':
      return `${i.hdl} mg/dL`;
    case 'systolicBp':
      return `${i.systolicBp} mmHg`;
    default:
      return i[input as 'smoker' | 'diabetes' | 'bpTreated'] ? 'Yes' : 'No';
  }
}

const SOURCE_LABELS: Record<string, string> = {
  birthDate: 'Date of birth',
  sex: 'Demographics',
  'not recorded (query race)': 'Chosen above (not recorded)',
  'query race': 'Chosen above',
};

function when(source: PatientRisk['sources'][string]): string {
  if (!source.effectiveAt) return '';
  const date = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' }).format(
    new Date(source.effectiveAt),
  );
  if (source.ageDays === null) return date;
  return `${date} (${source.ageDays === 0 ? 'today' : `${source.ageDays} ${source.ageDays === 1 ? 'day' : 'days'} ago`})`;
}

function Sources({ risk }: { risk: PatientRisk }) {
  const rows = ORDER.filter((k) => k in risk.inputs);
  return (
    <div className="relative overflow-x-auto" tabIndex={0} role="region" aria-label="Inputs used">
      <table className="w-full text-left text-sm">
        <caption className="mb-1 text-left font-semibold text-slate-900">Inputs used</caption>
        <thead className="border-b border-slate-300 text-slate-700">
          <tr>
            <th scope="col" className="py-1 pr-3 font-medium">
              Input
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Value
            </th>
            <th scope="col" className="py-1 font-medium">
              Source
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {rows.map((input) => {
            const source = risk.sources[input];
            return (
              <tr key={input}>
                <th scope="row" className="py-1 pr-3 font-normal">
                  {RISK_INPUT_LABELS[input] ?? input}
                </th>
                <td className="py-1 pr-3 font-medium">{inputValue(risk, input)}</td>
                <td className="py-1">
                  {source ? (SOURCE_LABELS[source.from] ?? source.from) : '—'}
                  {source?.effectiveAt && <span className="block text-slate-700">{when(source)}</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
