import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter } from 'react-router';
import type { Role } from '@medicare/contracts';
import { App } from '../src/app/App';
import { routes } from '../src/app/routes';
import type { ClinicApi } from './clinic';

/**
 * The whole app at `path`, talking to the real API `api` through its own HTTP client. Signed in as
 * a user of `role` (the first one added, else a new one; a patient is linked to `patientId`) unless
 * null: the browser holds that user's refresh cookie, so the app restores the session on load.
 */
export async function renderApp(
  path: string,
  api: ClinicApi,
  options: { signedInAs?: Role | null; patientId?: string } = {},
) {
  const role = options.signedInAs === undefined ? 'front_desk' : options.signedInAs;
  if (role) {
    const user =
      api.users.find((u) => u.role === role) ??
      (await api.addUser(role, options.patientId ? { patientId: options.patientId } : {}));
    await api.signIn(user);
  }
  const client = api.client();
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const user = userEvent.setup();
  const view = render(<App client={client} router={router} />);
  return { ...view, client, router, user };
}
