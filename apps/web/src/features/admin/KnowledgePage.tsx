import { useTitle } from '../../app/guards';
import { Card, PageHeader } from '../../ui/layout';
import { DocumentList } from '../documents/DocumentList';
import { UploadForm } from '../documents/UploadForm';
import { keys } from '../../api/query-keys';

/** The clinic's knowledge base (guidelines, leaflets) the assistant quotes from: admins add and remove. */
export default function KnowledgePage() {
  useTitle('Knowledge base');
  return (
    <>
      <PageHeader
        title="Knowledge base"
        subtitle="Guidelines and leaflets the assistant searches and cites. Everyone signed in can read them."
      />
      <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
        <Card title="Add a document">
          <UploadForm patientId={null} queryKey={keys.documents(null)} />
        </Card>
        <Card title="Documents in the knowledge base">
          <DocumentList patientId={null} canRead canDelete />
        </Card>
      </div>
    </>
  );
}
