import { useState, type FormEvent } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { describeError, isApiError } from '../../api/errors';
import { useSession } from '../../auth/session';
import { useTitle } from '../../app/guards';
import { Button } from '../../ui/Button';
import { Loading, Notice } from '../../ui/feedback';
import { TextField } from '../../ui/form';

export function SignInPage() {
  useTitle('Sign in');
  const session = useSession();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  if (session.status === 'restoring') return <Loading label="Restoring your session…" />;
  if (session.status === 'signedIn') {
    const next = params.get('next');
    return <Navigate to={next?.startsWith('/') && !next.startsWith('//') ? next : '/'} replace />;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await session.signIn({ email: email.trim(), password });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const message = isApiError(error, 'VALIDATION_FAILED')
    ? 'Enter your e-mail and password.'
    : describeError(error);
  return (
    <main id="main" className="flex min-h-screen items-start justify-center px-4 py-12 sm:items-center">
      <div className="w-full max-w-sm">
        <p className="mb-2 text-center text-lg font-bold text-blue-800">MediCare Hub</p>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <h1 className="mb-4 text-xl font-semibold">Sign in</h1>
          {session.notice && (
            <div className="mb-4">
              <Notice tone="warning">{session.notice}</Notice>
            </div>
          )}
          <form onSubmit={submit} className="space-y-4" noValidate>
            <TextField label="E-mail" type="email" autoComplete="username" value={email} onValue={setEmail} />
            <TextField
              label="Password"
              type="password"
              autoComplete="current-password"
              value={password}
              onValue={setPassword}
            />
            {error !== null && <Notice tone="error">{message}</Notice>}
            <Button type="submit" variant="primary" className="w-full" disabled={busy}>
              {busy ? 'Signing in…' : 'Sign in'}
            </Button>
          </form>
        </div>
      </div>
    </main>
  );
}
