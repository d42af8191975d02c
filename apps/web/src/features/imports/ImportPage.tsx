import { useState } from 'react';
import type { CsvMapping, CsvPreview, CsvUpload, ImportReport } from '@medicare/contracts';
import { useTitle } from '../../app/guards';
import { PageHeader } from '../../ui/layout';
import { MappingStep } from './MappingStep';
import { PreviewStep } from './PreviewStep';
import { ReportStep } from './ReportStep';
import { UploadStep } from './UploadStep';

type State =
  | { step: 'upload' }
  | { step: 'map'; upload: CsvUpload; mapping: CsvMapping }
  | { step: 'preview'; upload: CsvUpload; mapping: CsvMapping; preview: CsvPreview }
  | { step: 'report'; upload: CsvUpload; mapping: CsvMapping; report: ImportReport };

const STEPS: { id: State['step']; label: string }[] = [
  { id: 'upload', label: 'Choose a file' },
  { id: 'map', label: 'Match the columns' },
  { id: 'preview', label: 'Check the first rows' },
  { id: 'report', label: 'Report' },
];

/**
 * The CSV import of patients (admins): upload, match the columns (the API's guess from the header to
 * start with), preview the first rows with their problems, import, and read the report, with the
 * rejected rows to download. The same engine and report as the SQLite migration (docs/data.md).
 */
export default function ImportPage() {
  useTitle('Import patients');
  const [state, setState] = useState<State>({ step: 'upload' });
  const current = STEPS.findIndex((s) => s.id === state.step);
  return (
    <>
      <PageHeader
        title="Import patients"
        subtitle="From a CSV file another system exported. Nothing is saved until you import, and every row is accounted for."
      />
      <ol aria-label="Steps" className="mb-6 flex flex-wrap gap-x-6 gap-y-2 text-sm">
        {STEPS.map((s, i) => (
          <li
            key={s.id}
            aria-current={i === current ? 'step' : undefined}
            className={i === current ? 'font-semibold text-blue-800' : 'text-slate-700'}
          >
            <span aria-hidden="true">{i < current ? '✓ ' : `${i + 1}. `}</span>
            {s.label}
            {i < current && <span className="sr-only"> (done)</span>}
          </li>
        ))}
      </ol>
      {state.step === 'upload' && (
        <UploadStep onUploaded={(upload) => setState({ step: 'map', upload, mapping: upload.mapping })} />
      )}
      {state.step === 'map' && (
        <MappingStep
          upload={state.upload}
          mapping={state.mapping}
          onPreviewed={(mapping, preview) => setState({ ...state, step: 'preview', mapping, preview })}
          onStartOver={() => setState({ step: 'upload' })}
        />
      )}
      {state.step === 'preview' && (
        <PreviewStep
          upload={state.upload}
          mapping={state.mapping}
          preview={state.preview}
          onBack={() => setState({ step: 'map', upload: state.upload, mapping: state.mapping })}
          onImported={(report) =>
            setState({ step: 'report', upload: state.upload, mapping: state.mapping, report })
          }
        />
      )}
      {state.step === 'report' && (
        <ReportStep
          upload={state.upload}
          mapping={state.mapping}
          report={state.report}
          onReport={(report) => setState({ ...state, report })}
          onStartOver={() => setState({ step: 'upload' })}
        />
      )}
    </>
  );
}
