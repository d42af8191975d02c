import { Link } from 'react-router';

/** Links to patients already on file (a likely duplicate's candidates), opened beside the wizard. */
export function PatientLinks({ ids }: { ids: string[] }) {
  return (
    <>
      {ids.map((id, i) => (
        <span key={id}>
          {i > 0 && ', '}
          <Link to={`/patients/${id}`} className="text-blue-800 underline" target="_blank">
            patient {i + 1}
            <span className="sr-only"> already on file (opens in a new tab)</span>
          </Link>
        </span>
      ))}
    </>
  );
}
