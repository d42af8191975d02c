import { useEffect, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import type { Permission } from '../auth/permissions';
import { useCan, useSession } from '../auth/session';
import { Loading } from '../ui/feedback';
import { ChangePasswordPage } from '../features/auth/ChangePasswordPage';

/** Pages behind sign-in: restoring shows a spinner, signed out goes to /signin and back after. */
export function RequireSession({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.status === 'restoring') return <Loading label="Restoring your session…" />;
  if (session.status === 'signedOut') {
    const next = location.pathname + location.search;
    return <Navigate to={`/signin${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`} replace />;
  }
  // A password an admin chose: nothing else until the user picks their own (the API refuses the rest).
  if (session.passwordChangeRequired) return <ChangePasswordPage required />;
  return <>{children}</>;
}

/** A page only some roles see; others get a plain message, not a blank page. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const allowed = useCan(permission);
  if (!allowed)
    return (
      <div role="alert" className="rounded-md border border-amber-400 bg-amber-50 p-4 text-sm text-amber-950">
        Your role does not give access to this page.
      </div>
    );
  return <>{children}</>;
}

export function HomeRedirect() {
  const session = useSession();
  if (session.status !== 'signedIn') return null;
  return <Navigate to={session.user.role === 'patient' ? '/portal' : '/today'} replace />;
}

export function useTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · MediCare Hub`;
  }, [title]);
}
