import { lazy, Suspense } from 'react';
import { useNow } from '../../lib/hooks';
import { useQuery } from '@tanstack/react-query';
import { useLocation, useParams, useSearchParams } from 'react-router';
import type { Patient } from '@medicare/contracts';
import { useApi } from '../../api/context';
import { useTitle } from '../../app/guards';
import { useCan } from '../../auth/session';
import { fetchAll, patientName, usePatient } from '../../lib/queries';
import { ageOn, formatDateTime, localToday } from '../../lib/time';
import { ButtonLink } from '../../ui/Button';
import { ErrorState, Loading, Notice } from '../../ui/feedback';
import { Card, Details, PageHeader } from '../../ui/layout';
import { Tabs } from '../../ui/Tabs';
import { AppointmentList } from '../schedule/AppointmentList';
import { AccessLog } from './AccessLog';
import { keys } from '../../api/query-keys';

/** Observations, charts and the risk card load when first shown: they stay out of the first visit's bundle. */
const ObservationsPanel = lazy(() => import('../observations/ObservationsPanel'));
const DocumentsPanel = lazy(() => import('../documents/DocumentsPanel'));

export function PatientPage() {
  const { id = '' } = useParams();
  const location = useLocation();
  const patient = usePatient(id);
  const canEdit = useCan('patient.update');
  const canBook = useCan('appointment.book');
  const canSeeLog = useCan('patient.accessLog');
  const canReadClinical = useCan('clinical.read');
  const canWriteClinical = useCan('clinical.write');
  const canSeeDocuments = useCan('document.metadata');
  const [search, setSearch] = useSearchParams();
  const tabs = [
    { id: 'overview', label: 'Overview' },
    ...(canReadClinical ? [{ id: 'observations', label: 'Observations' }] : []),
    ...(canSeeDocuments ? [{ id: 'documents', label: 'Documents' }] : []),
  ];
  const tab = tabs.find((t) => t.id === search.get('tab'))?.id ?? 'overview';
  useTitle(patient.data ? patientName(patient.data.data) : 'Patient');
  const notice = (location.state as { notice?: string } | null)?.notice;

  if (patient.isPending) return <Loading />;
  if (patient.isError) return <ErrorState error={patient.error} onRetry={() => void patient.refetch()} />;
  const record = patient.data.data;
  const overview = (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
      <Card title="Details">
        <Demographics patient={record} />
      </Card>
      <PatientAppointments patientId={record.id} />
      {canSeeLog && (
        <Card title="Access log" className="lg:col-span-2">
          <AccessLog patientId={record.id} />
        </Card>
      )}
    </div>
  );
  return (
    <>
      <PageHeader
        title={patientName(record)}
        subtitle={`${record.mrn} · born ${record.birthDate} (${ageOn(record.birthDate, localToday())} years)`}
        actions={
          <>
            {canBook && (
              <ButtonLink to={`/schedule?patient=${record.id}`} variant="primary">
                Book appointment
              </ButtonLink>
            )}
            {canEdit && <ButtonLink to={`/patients/${record.id}/edit`}>Edit details</ButtonLink>}
            {canReadClinical && (
              <ButtonLink to={`/patients/${record.id}/summary`}>Printable summary</ButtonLink>
            )}
          </>
        }
      />
      {notice && (
        <div className="mb-4">
          <Notice tone="success">{notice}</Notice>
        </div>
      )}
      {tabs.length > 1 ? (
        <Tabs
          label="Patient record"
          tabs={tabs}
          selected={tab}
          onSelect={(next) =>
            setSearch(next === 'overview' ? {} : { tab: next }, { replace: true, state: location.state })
          }
        >
          {tab === 'observations' ? (
            <Suspense fallback={<Loading />}>
              <ObservationsPanel patientId={record.id} canWrite={canWriteClinical} />
            </Suspense>
          ) : tab === 'documents' ? (
            <Suspense fallback={<Loading />}>
              <DocumentsPanel patientId={record.id} />
            </Suspense>
          ) : (
            overview
          )}
        </Tabs>
      ) : (
        overview
      )}
    </>
  );
}

export function Demographics({ patient }: { patient: Patient }) {
  const address = patient.address
    ? [
        patient.address.line,
        patient.address.city,
        patient.address.state,
        patient.address.postalCode,
        patient.address.country,
      ]
        .filter(Boolean)
        .join(', ')
    : null;
  const consent = [patient.contactConsent.sms && 'SMS', patient.contactConsent.email && 'e-mail']
    .filter(Boolean)
    .join(' and ');
  return (
    <Details
      items={[
        ['Date of birth', patient.birthDate],
        ['Sex', patient.sex[0]!.toUpperCase() + patient.sex.slice(1)],
        ['Phone', patient.phone],
        ['E-mail', patient.email],
        ['Address', address || null],
        ['Preferred language', patient.preferredLanguage],
        ['May contact by', consent || 'No consent recorded'],
        ['Medical record number', patient.mrn],
      ]}
    />
  );
}

/** Upcoming (soonest first) and past (latest first) appointments of one patient. */
export function PatientAppointments({
  patientId,
  actions,
}: {
  patientId: string;
  actions?: Parameters<typeof AppointmentList>[0]['actions'];
}) {
  const api = useApi();
  const now = useNow();
  const appointments = useQuery({
    queryKey: keys.appointments.ofPatient(patientId),
    queryFn: () =>
      fetchAll(
        (cursor) => api.patientAppointments(patientId, { limit: 100, ...(cursor ? { cursor } : {}) }),
        5,
      ),
  });
  if (appointments.isPending)
    return (
      <Card title="Appointments">
        <Loading />
      </Card>
    );
  if (appointments.isError)
    return (
      <Card title="Appointments">
        <ErrorState error={appointments.error} onRetry={() => void appointments.refetch()} />
      </Card>
    );
  const upcoming = appointments.data.filter((a) => Date.parse(a.end) >= now);
  const past = appointments.data.filter((a) => Date.parse(a.end) < now).reverse();
  return (
    <>
      <Card title="Upcoming appointments">
        <AppointmentList appointments={upcoming} empty="No upcoming appointments." actions={actions} />
      </Card>
      <Card title="Past appointments">
        <NoShows patientId={patientId} />
        <AppointmentList appointments={past} empty="No past appointments." />
      </Card>
    </>
  );
}

/** How often the patient did not come: said once, above their past appointments. */
function NoShows({ patientId }: { patientId: string }) {
  const api = useApi();
  const allowed = useCan('appointment.attendance');
  const attendance = useQuery({
    queryKey: keys.appointments.attendance(patientId),
    queryFn: () => api.patientAttendance(patientId),
    enabled: allowed,
  });
  if (!attendance.data) return null;
  const { noShows, lastNoShowAt } = attendance.data;
  return (
    <p className="mb-2 text-sm text-slate-800">
      {noShows === 0
        ? 'No missed appointments.'
        : `${noShows === 1 ? '1 missed appointment' : `${noShows} missed appointments`} (no-show)${
            lastNoShowAt ? `, the last on ${formatDateTime(lastNoShowAt)}` : ''
          }.`}
    </p>
  );
}
