import { useNavigate, useSearchParams } from 'react-router';
import { useTitle } from '../../app/guards';
import { useCan } from '../../auth/session';
import { ButtonLink } from '../../ui/Button';
import { PageHeader } from '../../ui/layout';
import { PatientSearch } from './PatientSearch';

export function PatientsPage() {
  useTitle('Patients');
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const canCreate = useCan('patient.create');
  return (
    <>
      <PageHeader
        title="Patients"
        actions={
          canCreate && (
            <ButtonLink to="/patients/new" variant="primary">
              New patient
            </ButtonLink>
          )
        }
      />
      <PatientSearch
        initialText={params.get('q') ?? ''}
        onTextChange={(text) => setParams(text ? { q: text } : {}, { replace: true })}
        onChoose={(patient) => void navigate(`/patients/${patient.id}`)}
      />
    </>
  );
}
