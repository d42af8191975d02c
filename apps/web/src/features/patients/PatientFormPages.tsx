import { useState } from 'react';
import { useQueries, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import type { PatientInput } from '@medicare/contracts';
import { useApi } from '../../api/context';
import { isApiError } from '../../api/errors';
import { useTitle } from '../../app/guards';
import { RequirePermission } from '../../app/guards';
import { patientName, usePatient } from '../../lib/queries';
import { Button } from '../../ui/Button';
import { ErrorState, Loading, Notice } from '../../ui/feedback';
import { PageHeader } from '../../ui/layout';
import { emptyPatient, PatientForm, valuesOf } from './PatientForm';
import { keys } from '../../api/query-keys';

export function NewPatientPage() {
  return (
    <RequirePermission permission="patient.create">
      <NewPatient />
    </RequirePermission>
  );
}

function NewPatient() {
  useTitle('New patient');
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [duplicate, setDuplicate] = useState<{ input: PatientInput; candidateIds: string[] } | null>(null);

  async function create(input: PatientInput, allowDuplicate = false) {
    setBusy(true);
    setError(null);
    try {
      const created = await api.createPatient(input, { allowDuplicate });
      queryClient.setQueryData(['patient', created.data.id], created);
      await queryClient.invalidateQueries({ queryKey: keys.patients.all });
      void navigate(`/patients/${created.data.id}`, {
        state: { notice: `${patientName(created.data)} was added (MRN ${created.data.mrn}).` },
      });
    } catch (caught) {
      if (isApiError(caught, 'PATIENT_POSSIBLE_DUPLICATE'))
        setDuplicate({ input, candidateIds: caught.details?.candidateIds ?? [] });
      else setDuplicate(null);
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PageHeader title="New patient" />
      <PatientForm
        initial={emptyPatient}
        submitLabel="Create patient"
        onSubmit={(input) => create(input)}
        error={duplicate ? null : error}
        busy={busy}
        onCancel={() => void navigate('/patients')}
        notice={
          duplicate && (
            <DuplicateWarning
              candidateIds={duplicate.candidateIds}
              busy={busy}
              onCreateAnyway={() => void create(duplicate.input, true)}
            />
          )
        }
      />
    </>
  );
}

/** The API's possible-duplicate answer: the matching records, and an explicit way to create anyway. */
export function DuplicateWarning({
  candidateIds,
  onCreateAnyway,
  busy,
}: {
  candidateIds: string[];
  onCreateAnyway: () => void;
  busy: boolean;
}) {
  const api = useApi();
  const candidates = useQueries({
    queries: candidateIds.map((id) => ({ queryKey: keys.patient(id), queryFn: () => api.getPatient(id) })),
  });
  return (
    <div role="alert" className="rounded-md border border-amber-400 bg-amber-50 p-4 text-sm text-amber-950">
      <h2 className="text-base font-semibold">This may be a patient who is already registered</h2>
      <p className="mt-1">
        {candidateIds.length === 1 ? 'A patient' : `${candidateIds.length} patients`} with the same name and
        date of birth {candidateIds.length === 1 ? 'exists' : 'exist'}. Open the existing record if it is the
        same person.
      </p>
      <ul className="mt-3 space-y-2">
        {candidates.map((candidate, index) => (
          <li key={candidateIds[index]} className="rounded border border-amber-300 bg-white p-3">
            {candidate.data ? (
              <div className="flex flex-wrap items-center justify-between gap-2">
                <div>
                  <p className="font-medium text-slate-900">{patientName(candidate.data.data)}</p>
                  <p className="text-slate-700">
                    Born {candidate.data.data.birthDate} · {candidate.data.data.mrn}
                    {candidate.data.data.phone ? ` · ${candidate.data.data.phone}` : ''}
                    {candidate.data.data.email ? ` · ${candidate.data.data.email}` : ''}
                  </p>
                </div>
                <Link className="text-blue-800 underline" to={`/patients/${candidate.data.data.id}`}>
                  Open {patientName(candidate.data.data)}
                </Link>
              </div>
            ) : candidate.isError ? (
              <span>This record could not be loaded.</span>
            ) : (
              <span>Loading…</span>
            )}
          </li>
        ))}
      </ul>
      <p className="mt-3">If this is a different person, create the new record anyway.</p>
      <Button className="mt-2" variant="primary" disabled={busy} onClick={onCreateAnyway}>
        Create anyway
      </Button>
    </div>
  );
}

export function EditPatientPage() {
  return (
    <RequirePermission permission="patient.update">
      <EditPatient />
    </RequirePermission>
  );
}

function EditPatient() {
  const { id = '' } = useParams();
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const patient = usePatient(id);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [stale, setStale] = useState(false);
  useTitle('Edit patient');

  if (patient.isPending) return <Loading />;
  if (patient.isError) return <ErrorState error={patient.error} onRetry={() => void patient.refetch()} />;
  const { data: record, etag } = patient.data;

  async function save(input: PatientInput) {
    setBusy(true);
    setError(null);
    setStale(false);
    try {
      const saved = await api.updatePatient(id, input, etag);
      queryClient.setQueryData(['patient', id], saved);
      await queryClient.invalidateQueries({ queryKey: keys.patients.all });
      void navigate(`/patients/${id}`, { state: { notice: 'Changes saved.' } });
    } catch (caught) {
      if (isApiError(caught, 'PRECONDITION_FAILED')) {
        setStale(true);
        await patient.refetch();
      } else setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PageHeader title={`Edit ${patientName(record)}`} subtitle={record.mrn} />
      <PatientForm
        key={etag}
        initial={valuesOf(record)}
        submitLabel="Save changes"
        onSubmit={save}
        error={error}
        busy={busy}
        onCancel={() => void navigate(`/patients/${id}`)}
        notice={
          stale && (
            <Notice tone="warning" title="This record was changed by someone else">
              The form now shows the latest version. Check it, make your change again and save.
            </Notice>
          )
        }
      />
    </>
  );
}
