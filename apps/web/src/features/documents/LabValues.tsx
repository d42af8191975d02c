import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { DocumentMeta, LabValueProposal } from '@medicare/contracts';
import { useApi } from '../../api/context';
import { describeError } from '../../api/errors';
import { Button } from '../../ui/Button';
import { Empty, ErrorState, Loading, Notice } from '../../ui/feedback';
import { Checkbox, Field, TextInput } from '../../ui/form';
import { unitLabel } from '../observations/catalogue';

type Row = LabValueProposal & { confirmed: boolean; entered: string };

/**
 * Lab values read from a report, to record as observations in one step: every value starts
 * unconfirmed, the clinician ticks (and may correct) each one, and only the ticked ones are
 * recorded, each through the observations API. Nothing is written without a tick.
 */
export function LabValues({
  patientId,
  doc,
  onClose,
}: {
  patientId: string;
  doc: DocumentMeta;
  onClose: () => void;
}) {
  const api = useApi();
  const queryClient = useQueryClient();
  const proposals = useQuery({
    queryKey: ['lab-values', patientId, doc.id],
    queryFn: () => api.labValues(patientId, doc.id),
  });
  const [rows, setRows] = useState<Row[] | null>(null);
  const [date, setDate] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<{ recorded: string[]; failed: [string, unknown][] } | null>(null);

  if (proposals.isPending) return <Loading label="Reading lab values…" />;
  if (proposals.isError)
    return <ErrorState error={proposals.error} onRetry={() => void proposals.refetch()} />;
  const shown =
    rows ?? proposals.data.items.map((p) => ({ ...p, confirmed: false, entered: String(p.value) }));
  const when = date ?? (proposals.data.effectiveAt ?? doc.createdAt).slice(0, 10);
  const update = (i: number, change: Partial<Row>) =>
    setRows(shown.map((r, k) => (k === i ? { ...r, ...change } : r)));
  const chosen = shown.filter((r) => r.confirmed);

  async function record(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    const recorded: string[] = [];
    const failed: [string, unknown][] = [];
    for (const row of chosen) {
      try {
        await api.createObservation(patientId, {
          code: row.code,
          value: Number(row.entered),
          unit: row.unit,
          effectiveAt: `${when}T12:00:00.000Z`,
        });
        recorded.push(row.display);
      } catch (error) {
        failed.push([row.display, error]);
      }
    }
    setSaving(false);
    setResult({ recorded, failed });
    setRows(shown.map((r) => (recorded.includes(r.display) ? { ...r, confirmed: false } : r)));
    void queryClient.invalidateQueries({ queryKey: ['observations', patientId] });
    void queryClient.invalidateQueries({ queryKey: ['risk', patientId] });
  }

  return (
    <section
      aria-label={`Lab values in ${doc.title}`}
      className="mt-4 rounded-md border border-slate-300 p-4"
    >
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h3 className="font-semibold text-slate-900">Lab values in “{doc.title}”</h3>
        <Button onClick={onClose}>Close</Button>
      </div>
      {shown.length === 0 ? (
        <Empty>No lab values with a known code were found in this document’s text.</Empty>
      ) : (
        <form onSubmit={(e) => void record(e)} className="grid gap-3">
          <p className="text-sm text-slate-700">
            Read from the document’s text. Check each value against the document, correct it if needed, and
            tick the ones to record: nothing is recorded without a tick.
          </p>
          <Field label="Date of the results" className="max-w-xs">
            {(p) => <TextInput {...p} type="date" value={when} onChange={(e) => setDate(e.target.value)} />}
          </Field>
          <ul className="divide-y divide-slate-200 rounded-md border border-slate-200">
            {shown.map((row, i) => (
              <li key={row.code} className="flex flex-wrap items-end gap-x-4 gap-y-1 p-3">
                <Checkbox
                  label={`Record ${row.display}`}
                  checked={row.confirmed}
                  onChange={(e) => update(i, { confirmed: e.target.checked })}
                />
                <Field label={`${row.display} (${unitLabel(row.unit)})`} className="w-40">
                  {(p) => (
                    <TextInput
                      {...p}
                      inputMode="decimal"
                      value={row.entered}
                      onChange={(e) => update(i, { entered: e.target.value })}
                    />
                  )}
                </Field>
                <p className="min-w-0 basis-full text-xs text-slate-600">
                  Page {row.page}: “{row.text}”
                </p>
              </li>
            ))}
          </ul>
          <div>
            <Button type="submit" variant="primary" disabled={saving || chosen.length === 0}>
              {chosen.length === 1 ? 'Record 1 confirmed value' : `Record ${chosen.length} confirmed values`}
            </Button>
          </div>
        </form>
      )}
      {result && result.recorded.length > 0 && (
        <div className="mt-3">
          <Notice tone="success" title="Recorded">
            {result.recorded.join(', ')}
          </Notice>
        </div>
      )}
      {result?.failed.map(([name, error]) => (
        <div className="mt-3" key={name}>
          <Notice tone="error" title={`${name} was not recorded`}>
            {describeError(error)}
          </Notice>
        </div>
      ))}
    </section>
  );
}
