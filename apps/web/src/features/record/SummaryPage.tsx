import { useParams } from 'react-router';
import type { Patient } from '@medicare/contracts';
import { useTitle } from '../../app/guards';
import { useUser } from '../../auth/session';
import { patientName, usePatient } from '../../lib/queries';
import { Button, ButtonLink } from '../../ui/Button';
import { ErrorState, Loading, Notice } from '../../ui/feedback';
import { Card, PageHeader } from '../../ui/layout';
import { RiskCard } from '../observations/RiskCard';
import { Demographics, PatientAppointments } from '../patients/PatientPage';
import { DocumentsSummary } from './DocumentsSummary';
import { DownloadRecord } from './DownloadRecord';
import { ObservationsSummary } from './ObservationsSummary';

const stamp = (at: Date) =>
  new Intl.DateTimeFormat(undefined, { dateStyle: 'long', timeStyle: 'short' }).format(at);

/**
 * The printable summary of one patient's record: demographics, appointments, the last year of
 * observations with their trends, the risk score and the documents list. The patient's own at
 * /portal/summary, a patient's for clinicians and admins at /patients/:id/summary. Each part is one
 * audited read of what it shows, and nothing else is read. `@media print` (styles.css) leaves the
 * page's controls and the app's navigation off the paper.
 */
export default function SummaryPage() {
  const { id } = useParams();
  const user = useUser();
  const own = user.role === 'patient';
  const patientId = own ? user.patientId : (id ?? null);
  const patient = usePatient(patientId);
  useTitle(patient.data ? `Summary · ${patientName(patient.data.data)}` : 'Record summary');

  if (!patientId)
    return (
      <Notice tone="warning">
        Your account is not linked to a patient record yet. Please contact the clinic.
      </Notice>
    );
  if (patient.isPending) return <Loading />;
  if (patient.isError) return <ErrorState error={patient.error} onRetry={() => void patient.refetch()} />;
  return <Summary patient={patient.data.data} own={own} />;
}

function Summary({ patient, own }: { patient: Patient; own: boolean }) {
  return (
    <div className="record-summary">
      <PageHeader
        title="Health record summary"
        subtitle={
          <>
            <span className="block text-base font-medium text-slate-900">{patientName(patient)}</span>
            <span className="block">
              Born {patient.birthDate} · Medical record number {patient.mrn}
            </span>
            <span className="block">As of {stamp(new Date())}, from MediCare Hub.</span>
          </>
        }
        actions={
          <div className="flex flex-wrap items-start gap-2" data-print="hide">
            <Button variant="primary" onClick={() => window.print()}>
              Print
            </Button>
            {own && <DownloadRecord patientId={patient.id} label="Download as FHIR (JSON)" />}
            <ButtonLink to={own ? '/portal' : `/patients/${patient.id}`}>
              {own ? 'Back to my care' : 'Back to the patient'}
            </ButtonLink>
          </div>
        }
      />
      <div className="grid grid-cols-1 items-start gap-6 lg:grid-cols-2 print:block">
        <Card title="Details">
          <Demographics patient={patient} />
        </Card>
        <Card title="Cardiovascular risk">
          <RiskCard patientId={patient.id} />
        </Card>
        <PatientAppointments patientId={patient.id} />
        <Card title="Observations, last 12 months" className="lg:col-span-2">
          <ObservationsSummary patientId={patient.id} />
        </Card>
        <Card title="Documents" className="lg:col-span-2">
          <DocumentsSummary patientId={patient.id} />
        </Card>
      </div>
      <p className="mt-6 text-xs text-slate-700">
        {own
          ? 'A copy of your record for your own use. Please talk to your clinician about what these numbers mean for you.'
          : `Printed for the care of ${patientName(patient)}. Contains protected health information.`}
      </p>
    </div>
  );
}
