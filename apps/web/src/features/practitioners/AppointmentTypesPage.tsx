import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AppointmentType, AppointmentTypeInput, Practitioner } from '@medicare/contracts';
import { etagOf } from '../../api/client';
import { useApi } from '../../api/context';
import { ApiError, describeError } from '../../api/errors';
import { keys } from '../../api/query-keys';
import { useTitle } from '../../app/guards';
import { formatMinutes, practitionerName, useAppointmentTypes, usePractitioners } from '../../lib/queries';
import { Button } from '../../ui/Button';
import { Empty, ErrorState, Loading, Notice } from '../../ui/feedback';
import { Checkbox, Field, TextInput } from '../../ui/form';
import { Card, PageHeader } from '../../ui/layout';
import { Table } from '../../ui/Table';

/** Admin: what can be booked, how long it takes, what is kept free after, who offers it. */
export function AppointmentTypesPage() {
  useTitle('Appointment types');
  const types = useAppointmentTypes();
  const practitioners = usePractitioners();
  const [editing, setEditing] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const byId = new Map((practitioners.data ?? []).map((p) => [p.id, p]));
  const chosen = types.data?.find((t) => t.id === editing);

  return (
    <>
      <PageHeader
        title="Appointment types"
        subtitle="Each type fixes an appointment’s length, the time kept free after it, and who offers it."
      />
      {message && (
        <div className="mb-4">
          <Notice tone="success">{message}</Notice>
        </div>
      )}
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[1fr_26rem]">
        <div className="order-2 lg:order-1">
          {types.isPending ? (
            <Loading />
          ) : types.isError ? (
            <ErrorState error={types.error} onRetry={() => void types.refetch()} />
          ) : types.data.length === 0 ? (
            <Empty>No appointment types yet. Add the first one with the form.</Empty>
          ) : (
            <Table<AppointmentType>
              label="Appointment types"
              rows={types.data}
              columns={[
                {
                  header: 'Name',
                  cell: (t) => (
                    <>
                      <span className="font-medium">{t.name}</span>
                      {!t.active && <span className="text-slate-600"> (no longer offered)</span>}
                    </>
                  ),
                },
                {
                  header: 'Length',
                  cell: (t) => formatMinutes(t.durationMinutes),
                  cellClassName: 'whitespace-nowrap',
                },
                {
                  header: 'Kept free after',
                  cell: (t) => (t.bufferMinutes ? formatMinutes(t.bufferMinutes) : '—'),
                  className: 'hidden sm:table-cell',
                },
                { header: 'Patients book it', cell: (t) => (t.patientBookable ? 'Yes' : 'No') },
                {
                  header: 'Offered by',
                  className: 'hidden md:table-cell',
                  cell: (t) =>
                    t.practitionerIds.length === 0
                      ? 'Everyone'
                      : t.practitionerIds
                          .map((id) => byId.get(id))
                          .map((p) => (p ? practitionerName(p) : 'Unknown'))
                          .join(', '),
                },
                {
                  header: 'Actions',
                  visuallyHidden: true,
                  cellClassName: 'text-right',
                  cell: (t) => (
                    <Button
                      variant="ghost"
                      onClick={() => {
                        setMessage(null);
                        setEditing(t.id);
                      }}
                    >
                      Edit<span className="sr-only"> {t.name}</span>
                    </Button>
                  ),
                },
              ]}
            />
          )}
        </div>
        <div className="order-1 lg:order-2">
          <Card title={chosen ? `Edit ${chosen.name}` : 'New appointment type'}>
            {practitioners.isPending ? (
              <Loading />
            ) : (
              <TypeForm
                key={chosen?.id ?? 'new'}
                type={chosen}
                practitioners={practitioners.data ?? []}
                onSaved={(t) => {
                  setMessage(`${t.name} was ${chosen ? 'saved' : 'added'}.`);
                  setEditing(null);
                }}
                onCancel={chosen ? () => setEditing(null) : undefined}
              />
            )}
          </Card>
        </div>
      </div>
    </>
  );
}

const POINTERS = ['/name', '/durationMinutes', '/bufferMinutes', '/practitionerIds'];

function TypeForm({
  type,
  practitioners,
  onSaved,
  onCancel,
}: {
  type: AppointmentType | undefined;
  practitioners: Practitioner[];
  onSaved: (saved: AppointmentType) => void;
  onCancel: (() => void) | undefined;
}) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [name, setName] = useState(type?.name ?? '');
  const [duration, setDuration] = useState(String(type?.durationMinutes ?? 30));
  const [buffer, setBuffer] = useState(String(type?.bufferMinutes ?? 0));
  const [patientBookable, setPatientBookable] = useState(type?.patientBookable ?? false);
  const [active, setActive] = useState(type?.active ?? true);
  const [offeredBy, setOfferedBy] = useState<Set<string>>(new Set(type?.practitionerIds ?? []));
  const save = useMutation({
    mutationFn: (input: AppointmentTypeInput) =>
      type ? api.updateAppointmentType(type.id, input, etagOf(type)) : api.createAppointmentType(input),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: keys.appointmentTypes.all });
      onSaved(saved.data);
    },
    onError: () => queryClient.invalidateQueries({ queryKey: keys.appointmentTypes.all }),
  });
  const errors = save.error instanceof ApiError ? save.error.fieldErrors() : {};
  const other = save.error && !POINTERS.some((p) => errors[p]) ? describeError(save.error) : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({
      name: name.trim(),
      durationMinutes: Number(duration),
      bufferMinutes: Number(buffer) || 0,
      patientBookable,
      practitionerIds: practitioners.filter((p) => offeredBy.has(p.id)).map((p) => p.id),
      active,
    });
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-3">
      <Field label="Name" error={errors['/name']} required>
        {(props) => (
          <TextInput {...props} maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        )}
      </Field>
      <div className="grid grid-cols-2 gap-3">
        <Field label="Length (minutes)" error={errors['/durationMinutes']} required>
          {(props) => (
            <TextInput
              {...props}
              type="number"
              min={5}
              max={480}
              step={5}
              value={duration}
              onChange={(e) => setDuration(e.target.value)}
            />
          )}
        </Field>
        <Field label="Kept free after (minutes)" error={errors['/bufferMinutes']}>
          {(props) => (
            <TextInput
              {...props}
              type="number"
              min={0}
              max={240}
              step={5}
              value={buffer}
              onChange={(e) => setBuffer(e.target.value)}
            />
          )}
        </Field>
      </div>
      <Checkbox
        label="Patients may book it themselves in the portal"
        checked={patientBookable}
        onChange={(e) => setPatientBookable(e.target.checked)}
      />
      <fieldset>
        <legend className="mb-1 text-sm font-medium text-slate-800">
          Offered by <span className="font-normal text-slate-600">(none ticked: everyone)</span>
        </legend>
        {practitioners.length === 0 && <p className="text-sm text-slate-600">No practitioners yet.</p>}
        <div className="grid grid-cols-1 sm:grid-cols-2">
          {practitioners.map((p) => (
            <Checkbox
              key={p.id}
              label={practitionerName(p)}
              checked={offeredBy.has(p.id)}
              onChange={(e) => {
                const next = new Set(offeredBy);
                if (e.target.checked) next.add(p.id);
                else next.delete(p.id);
                setOfferedBy(next);
              }}
            />
          ))}
        </div>
        {errors['/practitionerIds'] && (
          <p className="mt-1 text-sm text-red-800">{errors['/practitionerIds']}</p>
        )}
      </fieldset>
      {type && (
        <Checkbox label="Still offered" checked={active} onChange={(e) => setActive(e.target.checked)} />
      )}
      {other && <Notice tone="error">{other}</Notice>}
      <div className="flex flex-wrap gap-2">
        <Button
          type="submit"
          variant="primary"
          disabled={save.isPending || !name.trim() || !Number(duration)}
        >
          {save.isPending ? 'Saving…' : type ? 'Save appointment type' : 'Add appointment type'}
        </Button>
        {onCancel && <Button onClick={onCancel}>Cancel</Button>}
      </div>
    </form>
  );
}

export default AppointmentTypesPage;
