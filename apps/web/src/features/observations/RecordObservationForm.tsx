import { useState } from 'react';
import type { ObservationInput } from '@medicare/contracts';
import { isApiError } from '../../api/errors';
import { Button } from '../../ui/Button';
import { ErrorState, Notice } from '../../ui/feedback';
import { Field, Select, TextField } from '../../ui/form';
import { OBSERVATION_TYPES, displayOf, formatValue, unitLabel } from './catalogue';
import { useObservationMutations } from './queries';
import { CodeOptions } from './CodeOptions';

const pad = (n: number) => String(n).padStart(2, '0');
/** Now, as a datetime-local value in the browser's zone. */
function localNow() {
  const d = new Date();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const firstUnit = (code: string) => {
  const def = OBSERVATION_TYPES[code];
  return def?.kind === 'quantity' ? def.canonicalUnit : '';
};

/**
 * Records one observation. Units and coded values come from the shared catalogue; the API checks
 * them again and its issues appear beside the field they name.
 */
export function RecordObservationForm({
  patientId,
  initialCode = '8480-6',
}: {
  patientId: string;
  initialCode?: string;
}) {
  const [code, setCode] = useState(initialCode);
  const [value, setValue] = useState('');
  const [unit, setUnit] = useState(firstUnit(initialCode));
  const [when, setWhen] = useState(localNow);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  const { record } = useObservationMutations(patientId);
  const def = OBSERVATION_TYPES[code];

  const apiErrors = isApiError(record.error, 'VALIDATION_FAILED') ? record.error.fieldErrors() : {};
  const errors = { ...apiErrors, ...local };

  function choose(next: string) {
    setCode(next);
    setValue('');
    setUnit(firstUnit(next));
    setLocal({});
    record.reset();
  }

  function submit() {
    setDone(null);
    const problems: Record<string, string> = {};
    if (value.trim() === '') problems['/value'] = 'Enter a value.';
    if (!when) problems['/effectiveAt'] = 'Enter when it was measured.';
    setLocal(problems);
    if (Object.keys(problems).length > 0 || !def) return;
    const input: ObservationInput = {
      code,
      value: def.kind === 'quantity' ? Number(value) : def.kind === 'boolean' ? value === 'true' : value,
      effectiveAt: new Date(when).toISOString(),
      ...(def.kind === 'quantity' ? { unit } : {}),
    };
    record.mutate(input, {
      onSuccess: (saved) => {
        setValue('');
        setWhen(localNow());
        setDone(`Recorded ${displayOf(saved.code).toLowerCase()}: ${formatValue(saved)}.`);
      },
    });
  }

  return (
    <form
      noValidate
      aria-label="Record an observation"
      className="grid grid-cols-1 gap-3 sm:grid-cols-2"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <Field label="Observation" error={errors['/code']} className="sm:col-span-2">
        {(props) => (
          <Select {...props} value={code} onChange={(e) => choose(e.target.value)}>
            <CodeOptions />
          </Select>
        )}
      </Field>
      {def?.kind === 'quantity' && (
        <>
          <TextField
            label="Value"
            error={errors['/value']}
            required
            type="number"
            inputMode="decimal"
            step="any"
            value={value}
            onValue={setValue}
          />
          <Field label="Unit" error={errors['/unit']}>
            {(props) => (
              <Select {...props} value={unit} onChange={(e) => setUnit(e.target.value)}>
                {Object.keys(def.units).map((u) => (
                  <option key={u} value={u}>
                    {unitLabel(u)}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        </>
      )}
      {def?.kind === 'coded' && (
        <Field label="Value" error={errors['/value']} required className="sm:col-span-2">
          {(props) => (
            <Select {...props} value={value} onChange={(e) => setValue(e.target.value)}>
              <option value="">Choose…</option>
              {Object.entries(def.values).map(([v, label]) => (
                <option key={v} value={v}>
                  {label}
                </option>
              ))}
            </Select>
          )}
        </Field>
      )}
      {def?.kind === 'boolean' && (
        <Field label="Value" error={errors['/value']} required className="sm:col-span-2">
          {(props) => (
            <Select {...props} value={value} onChange={(e) => setValue(e.target.value)}>
              <option value="">Choose…</option>
              <option value="true">Yes</option>
              <option value="false">No</option>
            </Select>
          )}
        </Field>
      )}
      <TextField
        label="Measured at"
        error={errors['/effectiveAt']}
        required
        className="sm:col-span-2"
        type="datetime-local"
        value={when}
        onValue={setWhen}
      />
      {record.isError && !isApiError(record.error, 'VALIDATION_FAILED') && (
        <div className="sm:col-span-2">
          <ErrorState error={record.error} title="The observation was not recorded" />
        </div>
      )}
      {isApiError(record.error, 'VALIDATION_FAILED') && (
        <p role="alert" className="text-sm font-medium text-red-800 sm:col-span-2">
          Some fields need attention.
        </p>
      )}
      {done && (
        <div className="sm:col-span-2">
          <Notice tone="success">{done}</Notice>
        </div>
      )}
      <div className="sm:col-span-2">
        <Button type="submit" variant="primary" disabled={record.isPending}>
          {record.isPending ? 'Recording…' : 'Record observation'}
        </Button>
      </div>
    </form>
  );
}
