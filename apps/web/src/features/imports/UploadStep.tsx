import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { CsvUpload } from '@medicare/contracts';
import { useApi } from '../../api/context';
import { describeError, isApiError } from '../../api/errors';
import { Button } from '../../ui/Button';
import { Notice } from '../../ui/feedback';
import { Field } from '../../ui/form';
import { Card } from '../../ui/layout';

/** Why the file was refused, in words, followed by the API's own message. */
function uploadError(error: unknown): string {
  if (isApiError(error) && error.status === 413) return `The file is too large. ${error.message}`;
  if (isApiError(error, 'IMPORT_FILE_UNREADABLE')) return `This file cannot be read as CSV. ${error.message}`;
  if (isApiError(error) && error.status === 415) return `This is not a CSV file. ${error.message}`;
  return describeError(error);
}

export function UploadStep({ onUploaded }: { onUploaded: (upload: CsvUpload) => void }) {
  const api = useApi();
  const [file, setFile] = useState<File | null>(null);
  const [missing, setMissing] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const upload = useMutation({
    mutationFn: (chosen: File) => api.uploadCsv(chosen, { onProgress: setProgress }),
    onSuccess: onUploaded,
    onSettled: () => setProgress(null),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!file) {
      setMissing(true);
      return;
    }
    upload.mutate(file);
  }

  return (
    <Card title="Choose a file">
      <form onSubmit={submit} aria-label="Choose a file" className="space-y-4" noValidate>
        <Field
          label="CSV file of patients"
          hint="The first line names the columns. UTF-8, comma or semicolon separated, up to 5 MB."
          error={missing ? 'Choose a CSV file.' : undefined}
          required
        >
          {(props) => (
            <input
              {...props}
              type="file"
              accept=".csv,text/csv"
              className="block w-full max-w-lg text-sm text-slate-900 file:mr-3 file:min-h-10 file:rounded-md file:border file:border-slate-400 file:bg-white file:px-3 file:text-sm file:font-medium"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setMissing(false);
                upload.reset();
              }}
            />
          )}
        </Field>
        {progress !== null && (
          <progress
            className="block w-full max-w-lg"
            value={progress}
            max={1}
            aria-label="Sending the file"
          />
        )}
        {upload.isError && (
          <Notice tone="error" title="The file was not read">
            {uploadError(upload.error)}
          </Notice>
        )}
        <Button type="submit" variant="primary" disabled={upload.isPending}>
          {upload.isPending ? 'Reading the file…' : 'Read the columns'}
        </Button>
      </form>
    </Card>
  );
}
