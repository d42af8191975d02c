import { Card } from '../../ui/layout';
import { ObservationTable } from './ObservationTable';
import { RecordObservationForm } from './RecordObservationForm';
import { RiskCard } from './RiskCard';
import { Trends } from './Trends';

/**
 * A patient's observations and cardiovascular risk: the risk card, the trend charts, the table and,
 * for clinicians and admins, the form to record one. Loaded on demand (the patient page's tab and
 * the portal), so it costs the first visit nothing.
 */
export default function ObservationsPanel({ patientId, canWrite }: { patientId: string; canWrite: boolean }) {
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
      <Card title="Cardiovascular risk" className={canWrite ? '' : 'lg:col-span-2'}>
        <RiskCard patientId={patientId} />
      </Card>
      {canWrite && (
        <Card title="Record an observation">
          <RecordObservationForm patientId={patientId} />
        </Card>
      )}
      <Card title="Trends, last 12 months" className="lg:col-span-2">
        <Trends patientId={patientId} />
      </Card>
      <Card title="Observations" className="lg:col-span-2">
        <ObservationTable patientId={patientId} canWrite={canWrite} />
      </Card>
    </div>
  );
}
