import { useMutation } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import { Button } from '../../ui/Button';
import { ErrorState } from '../../ui/feedback';
import { downloadRecord } from './download';

/** "Download my record": the FHIR Bundle saved as a file; what went wrong, in words, if it fails. */
export function DownloadRecord({
  patientId,
  label = 'Download my record',
}: {
  patientId: string;
  label?: string;
}) {
  const api = useApi();
  const download = useMutation({ mutationFn: () => downloadRecord(api, patientId) });
  return (
    <div className="space-y-3">
      <Button variant="primary" disabled={download.isPending} onClick={() => download.mutate()}>
        {download.isPending ? 'Preparing the file…' : label}
      </Button>
      {download.isSuccess && (
        <p role="status" className="text-sm text-slate-800">
          Saved as a FHIR file (JSON) in your downloads.
        </p>
      )}
      {download.isError && <ErrorState error={download.error} title="The record could not be downloaded" />}
    </div>
  );
}
