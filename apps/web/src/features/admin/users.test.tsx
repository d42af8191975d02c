import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { MemoryApiClient } from '../../../test/memory-client';
import { renderApp } from '../../../test/render';

describe('users (admin)', () => {
  it('lifts a user’s sign-in lock', async () => {
    const client = new MemoryApiClient();
    const locked = client.addUser('clinician', { email: 'locked@clinic.test', name: 'Lee Locked' });
    const { user } = renderApp('/admin/users', client, { signedInAs: 'admin' });
    await user.click(await screen.findByRole('button', { name: 'Lift sign-in lock' }));
    expect(
      await screen.findByText('Lee Locked can sign in again: the sign-in lock was lifted.'),
    ).toBeInTheDocument();
    expect(client.calls).toContainEqual(['unlockUser', locked.id]);
  });

  it('tells the admin that a new user chooses their own password', async () => {
    renderApp('/admin/users', new MemoryApiClient(), { signedInAs: 'admin' });
    expect(await screen.findByText(/they choose their own at first sign-in/)).toBeInTheDocument();
  });
});
