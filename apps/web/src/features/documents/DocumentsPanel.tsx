import { useCan } from '../../auth/session';
import { Card } from '../../ui/layout';
import { DocumentList } from './DocumentList';
import { UploadForm } from './UploadForm';
import { keys } from '../../api/query-keys';

/** A patient's documents tab: the list for everyone who sees the patient, upload for clinicians and admins. */
export default function DocumentsPanel({ patientId }: { patientId: string }) {
  const canUpload = useCan('document.upload');
  const canRead = useCan('document.content');
  const canDelete = useCan('document.delete');
  const canRecord = useCan('clinical.write');
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
      {canUpload && (
        <Card title="Upload a document">
          <UploadForm patientId={patientId} queryKey={keys.documents(patientId)} />
        </Card>
      )}
      <Card title="Documents">
        <DocumentList patientId={patientId} canRead={canRead} canDelete={canDelete} canRecord={canRecord} />
      </Card>
    </div>
  );
}
