import { Link } from 'react-router';
import { useTitle } from './guards';

export function NotFoundPage() {
  useTitle('Not found');
  return (
    <div>
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="mt-2 text-sm text-slate-700">
        There is nothing at this address.{' '}
        <Link to="/" className="text-blue-800 underline">
          Go to the start page
        </Link>
        .
      </p>
    </div>
  );
}
