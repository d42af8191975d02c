import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { startApi } from '../../../test/clinic';
import { renderApp } from '../../../test/render';

describe('users (admin)', () => {
  it('lifts a user’s sign-in lock', async () => {
    const api = await startApi();
    const locked = await api.addUser('clinician', { email: 'locked@clinic.test', name: 'Lee Locked' });
    const { user, client } = await renderApp('/admin/users', api, { signedInAs: 'admin' });
    const row = (await screen.findByText('Lee Locked')).closest('li')!;
    await user.click(within(row).getByRole('button', { name: 'Lift sign-in lock' }));
    expect(
      await screen.findByText('Lee Locked can sign in again: the sign-in lock was lifted.'),
    ).toBeInTheDocument();
    expect(client.calls).toContainEqual(['unlockUser', locked.id]);
  });

  it('tells the admin that a new user chooses their own password', async () => {
    await renderApp('/admin/users', await startApi(), { signedInAs: 'admin' });
    expect(await screen.findByText(/they choose their own at first sign-in/)).toBeInTheDocument();
  });
});
