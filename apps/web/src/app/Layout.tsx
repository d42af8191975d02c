import { useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { can, ROLE_LABELS, type Permission } from '../auth/permissions';
import { useSession, useUser } from '../auth/session';
import { Button } from '../ui/Button';

/**
 * The pages a role sees, in order. Later issues add observations & risk, documents and the assistant
 * here (one line each) and under the patient page; the layout already wraps.
 */
const NAV: { to: string; label: string; permission: Permission }[] = [
  { to: '/today', label: 'Today', permission: 'staff.pages' },
  { to: '/patients', label: 'Patients', permission: 'staff.pages' },
  { to: '/schedule', label: 'Schedule', permission: 'staff.pages' },
  { to: '/reminders/outbox', label: 'Reminders', permission: 'reminder.outbox' },
  { to: '/portal', label: 'My care', permission: 'portal.pages' },
  { to: '/assistant', label: 'Assistant', permission: 'assistant.use' },
  { to: '/admin/users', label: 'Users', permission: 'user.manage' },
  { to: '/admin/practitioners', label: 'Practitioners', permission: 'practitioner.write' },
  { to: '/admin/appointment-types', label: 'Appointment types', permission: 'appointmentType.write' },
  { to: '/admin/knowledge', label: 'Knowledge base', permission: 'knowledge.write' },
  { to: '/admin/import', label: 'Import', permission: 'import.run' },
  { to: '/admin/audit', label: 'Audit log', permission: 'audit.read' },
];

const navClass = ({ isActive }: { isActive: boolean }) =>
  `block rounded-md px-3 py-2 text-sm font-medium whitespace-nowrap ${
    isActive ? 'bg-blue-700 text-white' : 'text-slate-800 hover:bg-slate-200'
  }`;

export function Layout() {
  const user = useUser();
  const { signOut } = useSession();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  // Move focus to the new page so keyboard and screen-reader users start at its top.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [location.pathname]);

  return (
    <div className="min-h-screen">
      <a
        href="#main"
        data-print="hide"
        className="sr-only-focusable absolute left-2 top-2 z-10 rounded bg-white px-3 py-2 text-blue-800"
      >
        Skip to main content
      </a>
      <header className="border-b border-slate-200 bg-white" data-print="hide">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3">
          <p className="text-lg font-bold text-blue-800">MediCare Hub</p>
          <div className="flex items-center gap-3 text-sm">
            <span className="text-slate-800">
              <span className="font-medium">{user.name}</span>
              <span className="text-slate-600"> · {ROLE_LABELS[user.role]}</span>
            </span>
            <NavLink to="/account/password" className="text-blue-800 underline hover:text-blue-950">
              Change password
            </NavLink>
            <Button onClick={() => void signOut()}>Sign out</Button>
          </div>
        </div>
        <nav aria-label="Main" className="mx-auto max-w-7xl overflow-x-auto px-4 pb-2">
          <ul className="flex gap-1">
            {NAV.filter((item) => can(user.role, item.permission)).map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} className={navClass}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" ref={main} tabIndex={-1} className="mx-auto max-w-7xl px-4 py-6 focus:outline-none">
        <Outlet />
      </main>
    </div>
  );
}
