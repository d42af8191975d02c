import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter } from 'react-router';
import { App } from '../src/app/App';
import { routes } from '../src/app/routes';
import { MemoryApiClient } from './memory-client';

/** The whole app at `path`, over the in-memory client; signed in as `role` unless null. */
export function renderApp(
  path: string,
  client = new MemoryApiClient(),
  options: { signedInAs?: Parameters<MemoryApiClient['addUser']>[0] | null } = {},
) {
  const role = options.signedInAs === undefined ? 'front_desk' : options.signedInAs;
  if (role) {
    const user = client.users.find((u) => u.role === role) ?? client.addUser(role);
    const { password: _password, ...rest } = user;
    client.current = rest;
  }
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const user = userEvent.setup();
  const view = render(<App client={client} router={router} />);
  return { ...view, client, router, user };
}

/** A small clinic: one practitioner in New York, two patients. */
export function clinic() {
  const client = new MemoryApiClient();
  const practitioner = client.addPractitioner();
  const ana = client.addPatient({ givenName: 'Ana', familyName: 'García', birthDate: '1980-04-02' });
  const liam = client.addPatient({
    givenName: 'Liam',
    familyName: 'Smith',
    birthDate: '1975-11-30',
    sex: 'male',
    phone: '+1 555 0199 4321',
  });
  return { client, practitioner, ana, liam };
}
