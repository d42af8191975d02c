import type { Observation } from '@medicare/contracts';
import { ErrorState, Loading } from '../../ui/feedback';
import { useTrend } from './queries';
import { TrendChart, type Series } from './TrendChart';

/** The codes each chart draws: blood pressure, cholesterol and HDL, weight. */
export const TREND_CODES = ['8480-6', '8462-4', '2093-3', '2085-9', '29463-7'] as const;
type TrendCode = (typeof TREND_CODES)[number];

const points = (items: Observation[] | undefined) =>
  (items ?? []).flatMap((o) => (o.normalized ? [{ at: o.effectiveAt, value: o.normalized.value }] : []));

/**
 * The three small charts, from observations already read (each code's list oldest first). The
 * observations tab reads one list per code; the printable summary draws them from the one list it shows.
 */
export function TrendCharts({ byCode }: { byCode: Partial<Record<TrendCode, Observation[]>> }) {
  const charts: { title: string; unit: string; series: Series[] }[] = [
    {
      title: 'Blood pressure',
      unit: 'mmHg',
      series: [
        { label: 'Systolic', style: 'solid', points: points(byCode['8480-6']) },
        { label: 'Diastolic', style: 'dashed', points: points(byCode['8462-4']) },
      ],
    },
    {
      title: 'Cholesterol',
      unit: 'mg/dL',
      series: [
        { label: 'Total', style: 'solid', points: points(byCode['2093-3']) },
        { label: 'HDL', style: 'dashed', points: points(byCode['2085-9']) },
      ],
    },
    {
      title: 'Weight',
      unit: 'kg',
      series: [{ label: 'Weight', style: 'solid', points: points(byCode['29463-7']) }],
    },
  ];
  return (
    <div className="grid grid-cols-1 gap-6 md:grid-cols-3 print:grid-cols-3">
      {charts.map((chart) => (
        <TrendChart key={chart.title} {...chart} />
      ))}
    </div>
  );
}

/** A small chart per vital, each code's last year read on its own. */
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
  return (
    <TrendCharts
      byCode={{
        '8480-6': systolic.data,
        '8462-4': diastolic.data,
        '2093-3': cholesterol.data,
        '2085-9': hdl.data,
        '29463-7': weight.data,
      }}
    />
  );
}
