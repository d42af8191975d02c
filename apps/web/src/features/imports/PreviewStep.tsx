import type { CsvMapping, CsvPreview, CsvPreviewRow, CsvUpload, ImportReport } from '@medicare/contracts';
import { Button } from '../../ui/Button';
import { ErrorState } from '../../ui/feedback';
import { Card } from '../../ui/layout';
import { Table } from '../../ui/Table';
import { distinctProblems, fieldLabel } from './fields';
import { PatientLinks } from './PatientLinks';
import { useRunImport } from './useRunImport';

type Row = CsvPreviewRow & { id: string };

const nameOf = (v: CsvPreviewRow['values']) =>
  [v.givenName, v.familyName].filter(Boolean).join(' ') || v.fullName || null;

/** What the engine found in one row: its problems, a likely duplicate, or nothing. */
function Findings({ row }: { row: CsvPreviewRow }) {
  const problems = distinctProblems(row.problems);
  if (row.problems.length === 0 && row.duplicateOf.length === 0)
    return <span className="font-medium text-green-800">Ready</span>;
  return (
    <div className="space-y-1">
      {problems.length > 0 && (
        <>
          <span className="font-medium text-red-800">
            {problems.length === 1 ? 'Problem' : `${problems.length} problems`}
          </span>
          <ul className="list-disc pl-5" aria-label={`Problems of line ${row.line}`}>
            {problems.map((p, i) => (
              <li key={i}>
                <span className="font-medium">{fieldLabel(p.field)}</span>: {p.message}
              </li>
            ))}
          </ul>
        </>
      )}
      {row.duplicateOf.length > 0 && (
        <p>
          <span className="font-medium text-amber-900">Possibly already on file</span> as{' '}
          <PatientLinks ids={row.duplicateOf} />
        </p>
      )}
    </div>
  );
}

/** The first rows as the engine would store them, each with its problems; then import, or a dry run. */
export function PreviewStep({
  upload,
  mapping,
  preview,
  onBack,
  onImported,
}: {
  upload: CsvUpload;
  mapping: CsvMapping;
  preview: CsvPreview;
  onBack: () => void;
  onImported: (report: ImportReport) => void;
}) {
  const run = useRunImport(upload.id, onImported);
  const rows: Row[] = preview.rows.map((r) => ({ ...r, id: String(r.line) }));
  const withProblems = rows.filter((r) => r.problems.length > 0).length;
  const duplicates = rows.filter((r) => r.duplicateOf.length > 0).length;
  return (
    <Card title="Check the first rows">
      <p className="mb-1 text-sm text-slate-800">
        The first {rows.length} of {preview.rowCount} {preview.rowCount === 1 ? 'row' : 'rows'}, as they would
        be saved. {withProblems} {withProblems === 1 ? 'has problems' : 'have problems'}
        {duplicates > 0 && `, ${duplicates} may already be on file`}.
      </p>
      <p className="mb-4 text-sm text-slate-800">
        A row with a problem is not imported: the report counts it by reason, and the rejected rows can be
        downloaded, corrected and imported again. A likely duplicate is imported and flagged in the report,
        never merged.
      </p>
      <Table<Row>
        label="First rows of the file"
        rows={rows}
        columns={[
          { header: 'Line', cellClassName: 'align-top', cell: (r) => r.line },
          {
            header: 'Patient',
            cellClassName: 'align-top',
            cell: (r) => (
              <>
                <span className="block font-medium">{nameOf(r.values) ?? '—'}</span>
                <span className="block text-slate-700">
                  {r.values.birthDate ?? 'no date of birth'}
                  {r.values.sex ? ` · ${r.values.sex}` : ''}
                </span>
              </>
            ),
          },
          {
            header: 'Contact',
            className: 'hidden md:table-cell',
            cellClassName: 'align-top',
            cell: (r) => (
              <>
                {r.values.phone && <span className="block">{r.values.phone}</span>}
                {r.values.email && <span className="block break-all">{r.values.email}</span>}
              </>
            ),
          },
          { header: 'Check', cellClassName: 'align-top', cell: (r) => <Findings row={r} /> },
        ]}
      />
      {run.isError && (
        <div className="mt-4">
          <ErrorState error={run.error} title="The import did not run" />
        </div>
      )}
      <div className="mt-4 flex flex-wrap gap-2">
        <Button
          variant="primary"
          disabled={run.isPending}
          onClick={() => run.mutate({ mapping, dryRun: false })}
        >
          {run.isPending && !run.variables.dryRun
            ? 'Importing…'
            : `Import ${preview.rowCount} ${preview.rowCount === 1 ? 'row' : 'rows'}`}
        </Button>
        <Button disabled={run.isPending} onClick={() => run.mutate({ mapping, dryRun: true })}>
          {run.isPending && run.variables.dryRun ? 'Checking…' : 'Check the whole file first (saves nothing)'}
        </Button>
        <Button variant="ghost" disabled={run.isPending} onClick={onBack}>
          Back to the columns
        </Button>
      </div>
    </Card>
  );
}
