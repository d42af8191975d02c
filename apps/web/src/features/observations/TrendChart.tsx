import { useId } from 'react';

export type Series = {
  label: string;
  points: { at: string; value: number }[];
  /** Drawn with a different stroke pattern and marker per series, so colour is never the only cue. */
  style: 'solid' | 'dashed';
};

const W = 320;
const H = 150;
const PAD = { top: 12, right: 12, bottom: 24, left: 40 };

const shortDate = (at: string | number) =>
  new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric' }).format(new Date(at));
const num = (v: number) => new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 }).format(v);

/** Round bounds that leave a little room above and below the values. */
function scaleOf(values: number[]) {
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = Math.max(max - min, Math.abs(max) * 0.1, 1);
  const step = 10 ** Math.floor(Math.log10(span / 2));
  return {
    low: Math.floor((min - span * 0.1) / step) * step,
    high: Math.ceil((max + span * 0.1) / step) * step,
  };
}

/**
 * A small line chart drawn as SVG. It is an image with a one-sentence summary for screen readers;
 * every value is in the observations table on the same page.
 */
export function TrendChart({ title, unit, series }: { title: string; unit: string; series: Series[] }) {
  const id = useId();
  const all = series.flatMap((s) => s.points);
  if (all.length === 0)
    return (
      <figure className="min-w-0">
        <figcaption className="text-sm font-medium text-slate-900">{title}</figcaption>
        <p className="mt-2 rounded-md border border-dashed border-slate-300 p-4 text-center text-sm text-slate-700">
          Nothing recorded in the last year.
        </p>
      </figure>
    );

  const times = all.map((p) => Date.parse(p.at));
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const { low, high } = scaleOf(all.map((p) => p.value));
  const x = (at: string) =>
    t1 === t0
      ? (PAD.left + W - PAD.right) / 2
      : PAD.left + ((Date.parse(at) - t0) / (t1 - t0)) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - (v - low) / (high - low)) * (H - PAD.top - PAD.bottom);
  const ticks = [low, (low + high) / 2, high];

  const summary = series
    .filter((s) => s.points.length > 0)
    .map((s) => {
      const last = s.points[s.points.length - 1]!;
      return `${s.label}: ${s.points.length} ${s.points.length === 1 ? 'reading' : 'readings'}, latest ${num(last.value)} ${unit} on ${shortDate(last.at)}`;
    })
    .join('; ');

  return (
    <figure className="min-w-0">
      <figcaption id={`${id}-title`} className="text-sm font-medium text-slate-900">
        {title} <span className="font-normal text-slate-700">({unit})</span>
      </figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        className="mt-1 h-auto w-full"
        role="img"
        aria-labelledby={`${id}-title ${id}-summary`}
      >
        <desc id={`${id}-summary`}>{`${summary}. Every value is listed in the observations table.`}</desc>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} className="stroke-slate-200" />
            <text x={PAD.left - 6} y={y(t) + 4} textAnchor="end" className="fill-slate-700 text-[11px]">
              {num(t)}
            </text>
          </g>
        ))}
        <text x={PAD.left} y={H - 6} className="fill-slate-700 text-[11px]">
          {shortDate(t0)}
        </text>
        {t1 !== t0 && (
          <text x={W - PAD.right} y={H - 6} textAnchor="end" className="fill-slate-700 text-[11px]">
            {shortDate(t1)}
          </text>
        )}
        {series.map((s) => (
          <g key={s.label} className={s.style === 'solid' ? 'text-blue-700' : 'text-slate-800'}>
            <polyline
              fill="none"
              stroke="currentColor"
              strokeWidth={2}
              strokeDasharray={s.style === 'dashed' ? '5 4' : undefined}
              points={s.points.map((p) => `${x(p.at)},${y(p.value)}`).join(' ')}
            />
            {s.points.map((p) =>
              s.style === 'solid' ? (
                <circle key={p.at} cx={x(p.at)} cy={y(p.value)} r={3.5} fill="currentColor">
                  <title>{`${s.label} ${num(p.value)} ${unit}, ${shortDate(p.at)}`}</title>
                </circle>
              ) : (
                <rect
                  key={p.at}
                  x={x(p.at) - 3.5}
                  y={y(p.value) - 3.5}
                  width={7}
                  height={7}
                  fill="white"
                  stroke="currentColor"
                  strokeWidth={2}
                >
                  <title>{`${s.label} ${num(p.value)} ${unit}, ${shortDate(p.at)}`}</title>
                </rect>
              ),
            )}
          </g>
        ))}
      </svg>
      {series.length > 1 && (
        <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-800" aria-hidden="true">
          {series.map((s) => (
            <li key={s.label} className="flex items-center gap-1.5">
              <svg
                width="26"
                height="10"
                className={s.style === 'solid' ? 'text-blue-700' : 'text-slate-800'}
              >
                <line
                  x1="1"
                  x2="25"
                  y1="5"
                  y2="5"
                  stroke="currentColor"
                  strokeWidth="2"
                  strokeDasharray={s.style === 'dashed' ? '5 4' : undefined}
                />
                {s.style === 'solid' ? (
                  <circle cx="13" cy="5" r="3.5" fill="currentColor" />
                ) : (
                  <rect
                    x="9.5"
                    y="1.5"
                    width="7"
                    height="7"
                    fill="white"
                    stroke="currentColor"
                    strokeWidth="2"
                  />
                )}
              </svg>
              {s.label}
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}
