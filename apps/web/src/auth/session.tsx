import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { LoginInput, LoginResult, PasswordChangeInput, User } from '@medicare/contracts';
import { useApi } from '../api/context';
import { can, type Permission } from './permissions';

type SessionState =
  | { status: 'restoring' }
  | { status: 'signedOut'; notice?: string }
  | {
      status: 'signedIn';
      user: User;
      idleTimeoutSeconds: number;
      /** An admin chose the password: the app shows only the change-password page until it is changed. */
      passwordChangeRequired: boolean;
    };

type Session = SessionState & {
  signIn(input: LoginInput): Promise<void>;
  signOut(notice?: string): Promise<void>;
  changePassword(input: PasswordChangeInput): Promise<void>;
};

const SessionContext = createContext<Session | null>(null);

/** Events that count as someone using the app. */
const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'scroll'] as const;

export function idleNotice(seconds: number) {
  const [n, unit] = seconds >= 60 ? [Math.round(seconds / 60), 'minute'] : [seconds, 'second'];
  return `You were signed out after ${n} ${unit}${n === 1 ? '' : 's'} without activity.`;
}

/**
 * The signed-in user. On load it tries one refresh (the HttpOnly cookie) to restore the session;
 * it signs out after `idleTimeoutSeconds` without activity, with a notice saying so, and when the
 * API refuses a refresh (the session ended elsewhere).
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [state, setState] = useState<SessionState>({ status: 'restoring' });
  const started = useRef(false);

  const signedIn = (result: LoginResult) =>
    setState({
      status: 'signedIn',
      user: result.user,
      idleTimeoutSeconds: result.idleTimeoutSeconds,
      passwordChangeRequired: result.passwordChangeRequired === true,
    });

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    api.refresh().then(signedIn, () => setState({ status: 'signedOut' }));
  }, [api]);

  const signOut = useCallback(
    async (notice?: string) => {
      setState(notice ? { status: 'signedOut', notice } : { status: 'signedOut' });
      queryClient.clear();
      await api.logout().catch(() => undefined);
    },
    [api, queryClient],
  );

  useEffect(
    () =>
      api.onSessionLost(() => {
        queryClient.clear();
        setState({ status: 'signedOut', notice: 'Your session has ended. Please sign in again.' });
      }),
    [api, queryClient],
  );

  const idleSeconds = state.status === 'signedIn' ? state.idleTimeoutSeconds : 0;
  useEffect(() => {
    if (!idleSeconds) return;
    const limit = idleSeconds * 1000;
    let last = Date.now();
    let timer: ReturnType<typeof setTimeout>;
    const check = () => {
      const idle = Date.now() - last;
      if (idle >= limit) void signOut(idleNotice(idleSeconds));
      else timer = setTimeout(check, limit - idle);
    };
    const touch = () => {
      last = Date.now();
    };
    timer = setTimeout(check, limit);
    for (const event of ACTIVITY_EVENTS)
      window.addEventListener(event, touch, { passive: true, capture: true });
    return () => {
      clearTimeout(timer);
      for (const event of ACTIVITY_EVENTS) window.removeEventListener(event, touch, { capture: true });
    };
  }, [idleSeconds, signOut]);

  const session = useMemo<Session>(
    () => ({
      ...state,
      signIn: async (input) => {
        queryClient.clear();
        signedIn(await api.login(input));
      },
      signOut,
      changePassword: async (input) => signedIn(await api.changePassword(input)),
    }),
    [state, api, queryClient, signOut],
  );
  return <SessionContext value={session}>{children}</SessionContext>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in user; only under a route that requires a session. */
export function useUser(): User {
  const session = useSession();
  if (session.status !== 'signedIn') throw new Error('useUser without a session');
  return session.user;
}

export function useCan(permission: Permission): boolean {
  const session = useSession();
  return session.status === 'signedIn' && can(session.user.role, permission);
}
