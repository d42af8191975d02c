import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Practitioner, PractitionerInput } from '@medicare/contracts';
import { etagOf } from '../../api/client';
import { useApi } from '../../api/context';
import { ApiError, describeError } from '../../api/errors';
import { keys } from '../../api/query-keys';
import { localZone } from '../../lib/time';
import { Button } from '../../ui/Button';
import { Notice } from '../../ui/feedback';
import { Field, Select, TextInput } from '../../ui/form';

/** Every IANA zone the browser knows, the browser's own first. */
export function timeZones(): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set([localZone(), ...all])];
}

const POINTERS = ['/givenName', '/familyName', '/specialty', '/timeZone'];

/** A practitioner's name, specialty and time zone: new (POST) or changed (PUT with the version read). */
export function PractitionerForm({
  practitioner,
  onSaved,
  onCancel,
}: {
  practitioner?: Practitioner;
  onSaved: (saved: Practitioner) => void;
  onCancel?: () => void;
}) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [values, setValues] = useState({
    givenName: practitioner?.givenName ?? '',
    familyName: practitioner?.familyName ?? '',
    specialty: practitioner?.specialty ?? '',
    timeZone: practitioner?.timeZone ?? localZone(),
  });
  const save = useMutation({
    mutationFn: (input: PractitionerInput) =>
      practitioner
        ? api.updatePractitioner(practitioner.id, input, etagOf(practitioner))
        : api.createPractitioner(input),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: keys.practitioners });
      if (!practitioner)
        setValues({ givenName: '', familyName: '', specialty: '', timeZone: values.timeZone });
      onSaved(saved.data);
    },
    onError: () => queryClient.invalidateQueries({ queryKey: keys.practitioners }),
  });
  const errors = save.error instanceof ApiError ? save.error.fieldErrors() : {};
  const other = save.error && !POINTERS.some((p) => errors[p]) ? describeError(save.error) : null;
  const set = (field: keyof typeof values) => (e: { target: { value: string } }) =>
    setValues({ ...values, [field]: e.target.value });

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({
      givenName: values.givenName.trim(),
      familyName: values.familyName.trim(),
      specialty: values.specialty.trim() || null,
      timeZone: values.timeZone,
    });
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-3">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <Field label="Given name" error={errors['/givenName']} required>
          {(props) => (
            <TextInput {...props} maxLength={100} value={values.givenName} onChange={set('givenName')} />
          )}
        </Field>
        <Field label="Family name" error={errors['/familyName']} required>
          {(props) => (
            <TextInput {...props} maxLength={100} value={values.familyName} onChange={set('familyName')} />
          )}
        </Field>
      </div>
      <Field label="Specialty" error={errors['/specialty']}>
        {(props) => (
          <TextInput {...props} maxLength={100} value={values.specialty} onChange={set('specialty')} />
        )}
      </Field>
      <Field
        label="Time zone"
        error={errors['/timeZone']}
        hint="Their working hours and appointment times are in this zone."
        required
      >
        {(props) => (
          <Select {...props} value={values.timeZone} onChange={set('timeZone')}>
            {timeZones().map((zone) => (
              <option key={zone} value={zone}>
                {zone.replace(/_/g, ' ')}
              </option>
            ))}
          </Select>
        )}
      </Field>
      {other && <Notice tone="error">{other}</Notice>}
      <div className="flex flex-wrap gap-2">
        <Button
          type="submit"
          variant="primary"
          disabled={save.isPending || !values.givenName.trim() || !values.familyName.trim()}
        >
          {save.isPending ? 'Saving…' : practitioner ? 'Save practitioner' : 'Add practitioner'}
        </Button>
        {onCancel && <Button onClick={onCancel}>Cancel</Button>}
      </div>
    </form>
  );
}
