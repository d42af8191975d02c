import { useState, type FormEvent } from 'react';
import { describeError, isApiError } from '../../api/errors';
import { useSession } from '../../auth/session';
import { useTitle } from '../../app/title';
import { Button } from '../../ui/Button';
import { Notice } from '../../ui/feedback';
import { TextField } from '../../ui/form';

/**
 * The signed-in user's own password. `required`: an admin chose the current one, so this is the only
 * page until the user picks their own (shown in place of the app, with a way to sign out).
 */
export function ChangePasswordPage({ required = false }: { required?: boolean }) {
  useTitle(required ? 'Choose your password' : 'Change password');
  const session = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [mismatch, setMismatch] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setDone(false);
    setMismatch(next !== repeat);
    if (next !== repeat) return;
    setBusy(true);
    try {
      await session.changePassword({ currentPassword: current, newPassword: next });
      setCurrent('');
      setNext('');
      setRepeat('');
      setDone(true);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const fields = isApiError(error, 'VALIDATION_FAILED') ? error.fieldErrors() : {};
  const form = (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <TextField
        label="Current password"
        error={fields['/currentPassword']}
        type="password"
        autoComplete="current-password"
        value={current}
        onValue={setCurrent}
      />
      <TextField
        label="New password"
        hint="At least 12 characters; a few unrelated words work well."
        error={fields['/newPassword']}
        type="password"
        autoComplete="new-password"
        value={next}
        onValue={setNext}
      />
      <TextField
        label="New password again"
        error={mismatch ? 'does not match the new password' : undefined}
        type="password"
        autoComplete="new-password"
        value={repeat}
        onValue={setRepeat}
      />
      {error !== null && !isApiError(error, 'VALIDATION_FAILED') && (
        <Notice tone="error">{describeError(error)}</Notice>
      )}
      {done && (
        <Notice tone="success">
          Your password has been changed. Your other sessions have been signed out.
        </Notice>
      )}
      <Button type="submit" variant="primary" disabled={busy}>
        {busy ? 'Saving…' : 'Change password'}
      </Button>
    </form>
  );

  if (!required)
    return (
      <section className="max-w-md">
        <h1 className="mb-4 text-xl font-semibold">Change password</h1>
        {form}
      </section>
    );
  return (
    <main id="main" className="flex min-h-screen items-start justify-center px-4 py-12 sm:items-center">
      <div className="w-full max-w-sm">
        <p className="mb-2 text-center text-lg font-bold text-blue-800">MediCare Hub</p>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <h1 className="mb-4 text-xl font-semibold">Choose your password</h1>
          <div className="mb-4">
            <Notice tone="warning">
              An administrator set your password. Choose your own before you continue.
            </Notice>
          </div>
          {form}
          <Button className="mt-4 w-full" onClick={() => void session.signOut()}>
            Sign out
          </Button>
        </div>
      </div>
    </main>
  );
}
