import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { MemoryApiClient } from '../../../test/memory-client';
import { renderApp } from '../../../test/render';

describe('signing in', () => {
  it('signs in and lands on the page the role starts on', async () => {
    const client = new MemoryApiClient();
    client.addUser('front_desk', { email: 'desk@clinic.test', name: 'Dana Desk' });
    client.addPractitioner();
    const { user } = renderApp('/', client, { signedInAs: null });
    await user.type(await screen.findByLabelText('E-mail'), 'desk@clinic.test');
    await user.type(screen.getByLabelText('Password'), 'correct-horse-battery-9');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { name: 'Today', level: 1 })).toBeInTheDocument();
    expect(screen.getByText('Dana Desk')).toBeInTheDocument();
    // Front desk sees no admin pages.
    expect(screen.queryByRole('link', { name: 'Users' })).not.toBeInTheDocument();
  });

  it('says plainly when the e-mail or password is wrong', async () => {
    const client = new MemoryApiClient();
    client.addUser('admin');
    const { user } = renderApp('/', client, { signedInAs: null });
    await user.type(await screen.findByLabelText('E-mail'), 'admin@clinic.test');
    await user.type(screen.getByLabelText('Password'), 'not-the-password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('The e-mail or password is not right')).toBeInTheDocument();
  });

  it('restores the session with one refresh on load', async () => {
    const client = new MemoryApiClient();
    client.addPractitioner();
    renderApp('/today', client, { signedInAs: 'clinician' });
    expect(await screen.findByRole('heading', { name: 'Today', level: 1 })).toBeInTheDocument();
    expect(client.calls.filter(([name]) => name === 'refresh')).toHaveLength(1);
  });

  it('sends a signed-out visitor to sign in', async () => {
    renderApp('/patients', new MemoryApiClient(), { signedInAs: null });
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
  });

  it('signs out after the idle timeout and says why', async () => {
    const client = new MemoryApiClient();
    client.addPractitioner();
    client.idleTimeoutSeconds = 1;
    renderApp('/today', client, { signedInAs: 'front_desk' });
    expect(await screen.findByRole('heading', { name: 'Today', level: 1 })).toBeInTheDocument();
    // One second of no activity: the real timer fires.
    expect(
      await screen.findByText('You were signed out after 1 second without activity.', {}, { timeout: 3000 }),
    ).toBeInTheDocument();
    await waitFor(() => expect(client.calls.some(([name]) => name === 'logout')).toBe(true));
  });

  it('tells the user when the session ended elsewhere', async () => {
    const client = new MemoryApiClient();
    client.addPractitioner();
    renderApp('/today', client, { signedInAs: 'front_desk' });
    await screen.findByRole('heading', { name: 'Today', level: 1 });
    client.endSession();
    expect(await screen.findByText('Your session has ended. Please sign in again.')).toBeInTheDocument();
  });
});
