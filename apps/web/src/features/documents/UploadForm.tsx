import { useRef, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { DocumentMeta } from '@medicare/contracts';
import { useApi } from '../../api/context';
import { describeError, isApiError } from '../../api/errors';
import { Button } from '../../ui/Button';
import { Notice } from '../../ui/feedback';
import { Field, TextInput } from '../../ui/form';

/** Why an upload was refused, in words, with the API's own message. */
export function uploadError(error: unknown): string {
  if (isApiError(error) && error.status === 413) return `The file is too large. ${error.message}`;
  if (isApiError(error) && error.status === 415)
    return `This is not a PDF, PNG or JPEG file (judged by its contents, not its name). ${error.message}`;
  return describeError(error);
}

/** Choose a file, name it, send it with a progress bar. `patientId` null: the knowledge base. */
export function UploadForm({
  patientId,
  queryKey,
}: {
  patientId: string | null;
  queryKey: readonly unknown[];
}) {
  const api = useApi();
  const queryClient = useQueryClient();
  const fileInput = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState('');
  const [progress, setProgress] = useState<number | null>(null);
  const [done, setDone] = useState<DocumentMeta | null>(null);
  const upload = useMutation({
    mutationFn: (chosen: File) =>
      api.uploadDocument(patientId, chosen, {
        ...(title.trim() ? { title: title.trim() } : {}),
        onProgress: setProgress,
      }),
    onSuccess: (doc) => {
      setDone(doc);
      setFile(null);
      setTitle('');
      if (fileInput.current) fileInput.current.value = '';
      void queryClient.invalidateQueries({ queryKey });
    },
    onSettled: () => setProgress(null),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    setDone(null);
    setProgress(0);
    upload.mutate(file);
  }

  return (
    <form
      onSubmit={submit}
      className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto] sm:items-end"
    >
      <Field label="File" hint="PDF, PNG or JPEG, up to 20 MB" required>
        {(props) => (
          <input
            {...props}
            ref={fileInput}
            type="file"
            accept="application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg"
            className="block w-full text-sm text-slate-900 file:mr-3 file:min-h-10 file:rounded-md file:border file:border-slate-400 file:bg-white file:px-3 file:text-sm file:font-medium"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              upload.reset();
              setDone(null);
            }}
          />
        )}
      </Field>
      <Field label="Title" hint="Optional; the file name otherwise">
        {(props) => (
          <TextInput {...props} value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
        )}
      </Field>
      <Button type="submit" variant="primary" disabled={!file || upload.isPending}>
        {upload.isPending ? 'Uploading…' : 'Upload'}
      </Button>
      {progress !== null && (
        <div className="sm:col-span-3">
          <label className="text-sm text-slate-800">
            Uploading {file?.name}: {Math.round(progress * 100)}%
            <progress className="mt-1 block h-2 w-full accent-blue-700" max={1} value={progress} />
          </label>
        </div>
      )}
      {upload.isError && (
        <div className="sm:col-span-3">
          <Notice tone="error" title="The file was not uploaded">
            {uploadError(upload.error)}
          </Notice>
        </div>
      )}
      {done && (
        <div className="sm:col-span-3">
          <Notice tone="success">
            “{done.title}” was uploaded.
            {done.textStatus === 'pending' &&
              ' The assistant can search its text once the list says “Searchable”.'}
          </Notice>
        </div>
      )}
    </form>
  );
}
