import type { Observation } from '@medicare/contracts';
import { ErrorState, Loading } from '../../ui/feedback';
import { useTrend } from './queries';
import { TrendChart, type Series } from './TrendChart';

const points = (items: Observation[] | undefined) =>
  (items ?? []).flatMap((o) => (o.normalized ? [{ at: o.effectiveAt, value: o.normalized.value }] : []));

/** A small chart per vital: blood pressure, cholesterol and HDL, weight. */
export function Trends({ patientId }: { patientId: string }) {
  const systolic = useTrend(patientId, '8480-6');
  const diastolic = useTrend(patientId, '8462-4');
  const cholesterol = useTrend(patientId, '2093-3');
  const hdl = useTrend(patientId, '2085-9');
  const weight = useTrend(patientId, '29463-7');
  const all = [systolic, diastolic, cholesterol, hdl, weight];
  const failed = all.find((q) => q.isError);
  if (failed) return <ErrorState error={failed.error} onRetry={() => all.forEach((q) => void q.refetch())} />;
  if (all.some((q) => q.isPending)) return <Loading label="Loading trends…" />;

  const charts: { title: string; unit: string; series: Series[] }[] = [
    {
      title: 'Blood pressure',
      unit: 'mmHg',
      series: [
        { label: 'Systolic', style: 'solid', points: points(systolic.data) },
        { label: 'Diastolic', style: 'dashed', points: points(diastolic.data) },
      ],
    },
    {
      title: 'Cholesterol',
      unit: 'mg/dL',
      series: [
        { label: 'Total', style: 'solid', points: points(cholesterol.data) },
        { label: 'HDL', style: 'dashed', points: points(hdl.data) },
      ],
    },
    {
      title: 'Weight',
      unit: 'kg',
      series: [{ label: 'Weight', style: 'solid', points: points(weight.data) }],
    },
  ];
  return (
    <div className="grid grid-cols-1 gap-6 md:grid-cols-3">
      {charts.map((chart) => (
        <TrendChart key={chart.title} {...chart} />
      ))}
    </div>
  );
}
