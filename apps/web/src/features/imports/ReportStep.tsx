import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { CsvMapping, CsvUpload, ImportFinding, ImportReport } from '@medicare/contracts';
import { useApi } from '../../api/context';
import { saveBlob } from '../../lib/save';
import { Button } from '../../ui/Button';
import { ErrorState, Notice } from '../../ui/feedback';
import { Card } from '../../ui/layout';
import { Table } from '../../ui/Table';
import { distinctProblems, fieldLabel, reasonText, sourceIdText } from './fields';
import { PatientLinks } from './PatientLinks';
import { useRunImport } from './useRunImport';

const KIND_LABELS: Record<ImportFinding['kind'], string> = {
  rejected: 'Rejected',
  duplicate: 'Possible duplicate',
  overlap: 'Overlapping appointment',
  orphan: 'Unknown reference',
  skipped: 'Skipped',
};
const COUNTS = ['read', 'imported', 'updated', 'skipped', 'rejected'] as const;
const COUNT_LABELS: Record<(typeof COUNTS)[number], string> = {
  read: 'Read',
  imported: 'Imported',
  updated: 'Updated',
  skipped: 'Skipped',
  rejected: 'Rejected',
};
const TABLE_LABELS: Record<string, string> = { patients: 'Patients' };
const FIRST_FINDINGS = 50;

/** `patients.csv` → `patients-rejected.csv`. */
export function rejectedFileName(fileName: string | null): string {
  const base = (fileName ?? 'import').replace(/\.csv$/i, '').replace(/[^\w.-]+/g, '-') || 'import';
  return `${base}-rejected.csv`;
}

/** What the import did with every row: counts per table, reasons, each finding, and the rejected rows to download. */
export function ReportStep({
  upload,
  mapping,
  report,
  onReport,
  onStartOver,
}: {
  upload: CsvUpload;
  mapping: CsvMapping;
  report: ImportReport;
  onReport: (report: ImportReport) => void;
  onStartOver: () => void;
}) {
  const api = useApi();
  const run = useRunImport(upload.id, onReport);
  const [allFindings, setAllFindings] = useState(false);
  const download = useMutation({
    mutationFn: async () => saveBlob(await api.rejectedCsv(upload.id), rejectedFileName(upload.fileName)),
  });
  const tables = Object.entries(report.tables);
  const rejected = tables.reduce((sum, [, t]) => sum + t.rejected, 0);
  const reasons = tables.flatMap(([table, t]) =>
    Object.entries(t.reasons).map(([reason, count]) => ({ id: `${table}:${reason}`, table, reason, count })),
  );
  const findings = report.findings.map((f, i) => ({ ...f, id: String(i) }));
  const shown = allFindings ? findings : findings.slice(0, FIRST_FINDINGS);

  return (
    <div className="space-y-6">
      {report.dryRun ? (
        <Notice tone="info" title="A dry run: nothing was saved">
          This is what importing the whole file would do.
        </Notice>
      ) : report.complete ? (
        <Notice tone="success" title="Import finished">
          Every row of {upload.fileName ?? 'the file'} is accounted for below.
        </Notice>
      ) : (
        <Notice tone="warning" title="The import stopped before the end">
          What was imported is saved. Run it again to carry on: rows already imported are not added twice.
        </Notice>
      )}
      {run.isError && <ErrorState error={run.error} title="The import did not run" />}
      <div className="flex flex-wrap gap-2">
        {(report.dryRun || !report.complete) && (
          <Button
            variant="primary"
            disabled={run.isPending}
            onClick={() => run.mutate({ mapping, dryRun: false })}
          >
            {run.isPending ? 'Importing…' : report.dryRun ? 'Import now' : 'Run it again'}
          </Button>
        )}
        {!report.dryRun && rejected > 0 && (
          <Button disabled={download.isPending} onClick={() => download.mutate()}>
            {download.isPending
              ? 'Preparing the file…'
              : `Download the ${rejected} rejected ${rejected === 1 ? 'row' : 'rows'} (CSV)`}
          </Button>
        )}
        <Button variant="ghost" onClick={onStartOver}>
          Import another file
        </Button>
      </div>
      {download.isError && (
        <ErrorState error={download.error} title="The rejected rows could not be downloaded" />
      )}

      <Card title="Counts">
        <div className="space-y-4">
          {tables.map(([table, counts]) => (
            <div key={table}>
              {tables.length > 1 && (
                <h3 className="mb-2 font-semibold text-slate-900">{TABLE_LABELS[table] ?? table}</h3>
              )}
              <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5">
                {COUNTS.map((c) => (
                  <div key={c} className="rounded-md border border-slate-200 p-3">
                    <dt className="text-xs font-medium tracking-wide text-slate-700 uppercase">
                      {COUNT_LABELS[c]}
                    </dt>
                    <dd className="text-2xl font-semibold text-slate-900">{counts[c]}</dd>
                  </div>
                ))}
              </dl>
            </div>
          ))}
        </div>
      </Card>

      <Card title="By reason">
        {reasons.length === 0 ? (
          <p className="text-sm text-slate-800">Every row was imported or updated, none flagged.</p>
        ) : (
          <Table
            label="Rows rejected, skipped or flagged, by reason"
            compact
            rows={reasons}
            columns={[
              ...(tables.length > 1
                ? [{ header: 'Table', cell: (r: (typeof reasons)[number]) => r.table }]
                : []),
              { header: 'Reason', cell: (r) => reasonText(r.reason) },
              { header: 'Rows', cell: (r) => r.count },
            ]}
          />
        )}
      </Card>

      {findings.length > 0 && (
        <Card title="Rows to look at">
          <Table
            label="Rows to look at"
            compact
            rows={shown}
            columns={[
              { header: 'Id', cellClassName: 'align-top', cell: (f) => sourceIdText(f.sourceId) },
              { header: 'Outcome', cellClassName: 'align-top', cell: (f) => KIND_LABELS[f.kind] },
              {
                header: 'Why',
                cellClassName: 'align-top',
                cell: (f) => {
                  const problems = distinctProblems(f.problems);
                  if (f.kind === 'duplicate' && f.related.length > 0)
                    return (
                      <>
                        {reasonText(f.reason)}: <PatientLinks ids={f.related} />
                      </>
                    );
                  if (problems.length === 0) return reasonText(f.reason);
                  return (
                    <ul className="list-disc pl-5">
                      {problems.map((p, i) => (
                        <li key={i}>
                          {fieldLabel(p.field)}: {p.message}
                        </li>
                      ))}
                    </ul>
                  );
                },
              },
            ]}
          />
          {(findings.length > shown.length || report.findingsOmitted > 0) && (
            <p className="mt-3 text-sm text-slate-800">
              {findings.length > shown.length && (
                <Button variant="ghost" onClick={() => setAllFindings(true)}>
                  Show all {findings.length}
                </Button>
              )}
              {report.findingsOmitted > 0 &&
                ` ${report.findingsOmitted} more are counted above but not listed here; the rejected rows are all in the download.`}
            </p>
          )}
        </Card>
      )}
    </div>
  );
}
