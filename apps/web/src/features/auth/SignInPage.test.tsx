import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { PASSWORD, startApi, withAuth } from '../../../test/clinic';
import { renderApp } from '../../../test/render';

describe('signing in', () => {
  it('signs in and lands on the page the role starts on', async () => {
    const api = await startApi();
    await api.addUser('front_desk', { email: 'desk@clinic.test', name: 'Dana Desk' });
    await api.addPractitioner();
    const { user } = await renderApp('/', api, { signedInAs: null });
    await user.type(await screen.findByLabelText('E-mail'), 'desk@clinic.test');
    await user.type(screen.getByLabelText('Password'), PASSWORD);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { name: 'Today', level: 1 })).toBeInTheDocument();
    expect(screen.getByText('Dana Desk')).toBeInTheDocument();
    // Front desk sees no admin pages.
    expect(screen.queryByRole('link', { name: 'Users' })).not.toBeInTheDocument();
  });

  it('says plainly when the e-mail or password is wrong', async () => {
    const api = await startApi();
    const admin = await api.addUser('admin');
    const { user } = await renderApp('/', api, { signedInAs: null });
    await user.type(await screen.findByLabelText('E-mail'), admin.email);
    await user.type(screen.getByLabelText('Password'), 'not-the-password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText(/The e-mail or password is not right/)).toBeInTheDocument();
  });

  it('restores the session with one refresh on load', async () => {
    const api = await startApi();
    await api.addPractitioner();
    const { client } = await renderApp('/today', api, { signedInAs: 'clinician' });
    expect(await screen.findByRole('heading', { name: 'Today', level: 1 })).toBeInTheDocument();
    expect(client.calls.filter(([name]) => name === 'refresh')).toHaveLength(1);
  });

  it('sends a signed-out visitor to sign in', async () => {
    await renderApp('/patients', await startApi(), { signedInAs: null });
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
  });

  it('signs out after the idle timeout and says why', async () => {
    // A one-second idle limit (the API's is in minutes): the real timer fires.
    const api = await startApi(withAuth({ sessionIdleMinutes: 1 / 60 }));
    await api.addPractitioner();
    const { client } = await renderApp('/today', api, { signedInAs: 'front_desk' });
    expect(await screen.findByRole('heading', { name: 'Today', level: 1 })).toBeInTheDocument();
    expect(
      await screen.findByText('You were signed out after 1 second without activity.', {}, { timeout: 3000 }),
    ).toBeInTheDocument();
    await waitFor(() => expect(client.calls.some(([name]) => name === 'logout')).toBe(true));
  });

  it('tells the user when the session ended elsewhere', async () => {
    // Access tokens shorter than the client's early-refresh margin: every call refreshes first.
    const api = await startApi(withAuth({ accessTokenTtlSeconds: 20 }));
    await api.addPractitioner();
    const { router } = await renderApp('/today', api, { signedInAs: 'front_desk' });
    await screen.findByRole('heading', { name: 'Today', level: 1 });
    // An admin deactivates the account; the next refresh is refused.
    const desk = api.users.find((u) => u.role === 'front_desk')!;
    await api.call('PUT', `/api/users/${desk.id}`, { active: false });
    await router.navigate('/patients');
    expect(await screen.findByText('Your session has ended. Please sign in again.')).toBeInTheDocument();
  });
});
