import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { CsvMapping, CsvPreview, CsvUpload, ImportPatientField } from '@medicare/contracts';
import { useApi } from '../../api/context';
import { isApiError } from '../../api/errors';
import { Button } from '../../ui/Button';
import { ErrorState } from '../../ui/feedback';
import { Field, Select } from '../../ui/form';
import { Card } from '../../ui/layout';
import { FIELD_LABELS, IMPORT_PATIENT_FIELDS, fullMapping } from './fields';

export const PREVIEW_ROWS = 20;

/** Only the fields a column feeds: "not in the file" is the absence of a field. */
export function compactMapping(mapping: Record<ImportPatientField, string | null>): CsvMapping {
  return Object.fromEntries(Object.entries(mapping).filter(([, column]) => column)) as CsvMapping;
}

/**
 * One choice per patient field: which column of the file holds it, or none. Starts from `mapping`
 * (the API's guess from the header, or the admin's last choice) and asks the API for a preview.
 */
export function MappingStep({
  upload,
  mapping,
  onPreviewed,
  onStartOver,
}: {
  upload: CsvUpload;
  mapping: CsvMapping;
  onPreviewed: (mapping: CsvMapping, preview: CsvPreview) => void;
  onStartOver: () => void;
}) {
  const api = useApi();
  const [choice, setChoice] = useState(() => fullMapping(mapping));
  const preview = useMutation({
    mutationFn: (chosen: CsvMapping) => api.previewCsv(upload.id, { mapping: chosen, limit: PREVIEW_ROWS }),
    onSuccess: (result, chosen) => onPreviewed(chosen, result),
  });
  const fieldErrors = isApiError(preview.error) ? preview.error.fieldErrors() : {};
  const used = new Set(Object.values(choice).filter(Boolean));
  const unused = upload.columns.filter((c) => !used.has(c));

  function submit(event: FormEvent) {
    event.preventDefault();
    preview.mutate(compactMapping(choice));
  }

  return (
    <Card title="Match the columns">
      <p className="mb-4 text-sm text-slate-800">
        <span className="font-medium">{upload.fileName ?? 'The file'}</span>: {upload.rowCount}{' '}
        {upload.rowCount === 1 ? 'row' : 'rows'}, {upload.columns.length}{' '}
        {upload.columns.length === 1 ? 'column' : 'columns'}. The choices below are a guess from the header:
        check each one.
      </p>
      <form onSubmit={submit} aria-label="Match the columns" className="space-y-4">
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {IMPORT_PATIENT_FIELDS.map((field) => (
            <Field
              key={field}
              label={FIELD_LABELS[field].label}
              hint={FIELD_LABELS[field].hint}
              error={fieldErrors[`/mapping/${field}`]}
            >
              {(props) => (
                <Select
                  {...props}
                  value={choice[field] ?? ''}
                  onChange={(e) => setChoice({ ...choice, [field]: e.target.value || null })}
                >
                  <option value="">Not in the file</option>
                  {upload.columns.map((column) => (
                    <option key={column} value={column}>
                      {column}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
          ))}
        </div>
        <p className="text-sm text-slate-800">
          {unused.length === 0
            ? 'Every column of the file is used.'
            : `Not imported: ${unused.map((c) => `“${c}”`).join(', ')}.`}
        </p>
        {preview.isError && <ErrorState error={preview.error} title="The preview could not be made" />}
        <div className="flex flex-wrap gap-2">
          <Button type="submit" variant="primary" disabled={preview.isPending}>
            {preview.isPending ? 'Reading the rows…' : 'Preview the first rows'}
          </Button>
          <Button onClick={onStartOver}>Choose another file</Button>
        </div>
      </form>
    </Card>
  );
}
