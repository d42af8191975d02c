import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { clinic, startApi } from '../../../test/clinic';
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

  it('links a clinician to the practitioner they are, for their own day on Today', async () => {
    const { api, practitioner } = await clinic();
    const maya = await api.addUser('clinician', { email: 'maya@clinic.test', name: 'Maya Chen' });
    const { user } = await renderApp('/admin/users', api, { signedInAs: 'admin' });
    const row = (await screen.findByText('Maya Chen')).closest('li')!;
    await within(row).findByRole('option', { name: 'Dr Maya Chen' });
    await user.selectOptions(within(row).getByLabelText('Practitioner Maya Chen is'), 'Dr Maya Chen');
    await user.click(within(row).getByRole('button', { name: 'Link' }));
    expect(
      await screen.findByText('Maya Chen is linked to Dr Maya Chen: Today shows their own day.'),
    ).toBeInTheDocument();
    const users = await api.call<{ items: { id: string; practitionerId?: string | null }[] }>(
      'GET',
      '/api/users?limit=100',
    );
    expect(users.items.find((u) => u.id === maya.id)?.practitionerId).toBe(practitioner.id);
  });
});
