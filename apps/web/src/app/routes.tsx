import { lazy, Suspense, type ReactNode } from 'react';
import { Outlet, type RouteObject } from 'react-router';
import { Loading } from '../ui/feedback';
import { SignInPage } from '../features/auth/SignInPage';
import { ChangePasswordPage } from '../features/auth/ChangePasswordPage';
import { TodayPage } from '../features/today/TodayPage';
import { PatientsPage } from '../features/patients/PatientsPage';
import { NewPatientPage, EditPatientPage } from '../features/patients/PatientFormPages';
import { PatientPage } from '../features/patients/PatientPage';
import { SchedulePage } from '../features/schedule/SchedulePage';
import { UsersPage } from '../features/admin/UsersPage';
import { AuditPage } from '../features/admin/AuditPage';
import { OutboxPage } from '../features/reminders/OutboxPage';
import { PortalPage } from '../features/portal/PortalPage';
import { NotFoundPage } from './NotFoundPage';
import { HomeRedirect, RequirePermission, RequireSession } from './guards';
import { Layout } from './Layout';

/** Pages loaded when first visited: they stay out of the first visit's bundle. */
const AssistantPage = lazy(() => import('../features/assistant/AssistantPage'));
const KnowledgePage = lazy(() => import('../features/admin/KnowledgePage'));
const ImportPage = lazy(() => import('../features/imports/ImportPage'));
const SummaryPage = lazy(() => import('../features/record/SummaryPage'));
const PractitionersPage = lazy(() => import('../features/practitioners/PractitionersPage'));
const AppointmentTypesPage = lazy(() => import('../features/practitioners/AppointmentTypesPage'));
const later = (page: ReactNode) => <Suspense fallback={<Loading />}>{page}</Suspense>;

export const routes: RouteObject[] = [
  { path: '/signin', element: <SignInPage /> },
  {
    element: (
      <RequireSession>
        <Layout />
      </RequireSession>
    ),
    children: [
      { index: true, element: <HomeRedirect /> },
      { path: 'account/password', element: <ChangePasswordPage /> },
      {
        element: <StaffOnly />,
        children: [
          { path: 'today', element: <TodayPage /> },
          { path: 'patients', element: <PatientsPage /> },
          { path: 'patients/new', element: <NewPatientPage /> },
          { path: 'patients/:id', element: <PatientPage /> },
          { path: 'patients/:id/edit', element: <EditPatientPage /> },
          {
            path: 'patients/:id/summary',
            element: (
              <RequirePermission permission="clinical.read">{later(<SummaryPage />)}</RequirePermission>
            ),
          },
          { path: 'schedule', element: <SchedulePage /> },
        ],
      },
      {
        path: 'admin/users',
        element: (
          <RequirePermission permission="user.manage">
            <UsersPage />
          </RequirePermission>
        ),
      },
      {
        path: 'reminders/outbox',
        element: (
          <RequirePermission permission="reminder.outbox">
            <OutboxPage />
          </RequirePermission>
        ),
      },
      {
        path: 'admin/practitioners',
        element: (
          <RequirePermission permission="practitioner.write">
            {later(<PractitionersPage />)}
          </RequirePermission>
        ),
      },
      {
        path: 'admin/appointment-types',
        element: (
          <RequirePermission permission="appointmentType.write">
            {later(<AppointmentTypesPage />)}
          </RequirePermission>
        ),
      },
      {
        path: 'admin/audit',
        element: (
          <RequirePermission permission="audit.read">
            <AuditPage />
          </RequirePermission>
        ),
      },
      {
        path: 'admin/knowledge',
        element: (
          <RequirePermission permission="knowledge.write">{later(<KnowledgePage />)}</RequirePermission>
        ),
      },
      {
        path: 'admin/import',
        element: <RequirePermission permission="import.run">{later(<ImportPage />)}</RequirePermission>,
      },
      {
        path: 'assistant',
        element: <RequirePermission permission="assistant.use">{later(<AssistantPage />)}</RequirePermission>,
      },
      {
        path: 'portal',
        element: (
          <RequirePermission permission="portal.pages">
            <PortalPage />
          </RequirePermission>
        ),
      },
      {
        path: 'portal/summary',
        element: <RequirePermission permission="portal.pages">{later(<SummaryPage />)}</RequirePermission>,
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

function StaffOnly() {
  return (
    <RequirePermission permission="staff.pages">
      <Outlet />
    </RequirePermission>
  );
}
