import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { MemoryApiClient } from '../../../test/memory-client';
import { renderApp } from '../../../test/render';

describe('changing the password', () => {
  it('a signed-in user changes their own, with the current one', async () => {
    const client = new MemoryApiClient();
    client.addPractitioner();
    const { user } = renderApp('/today', client, { signedInAs: 'clinician' });
    await user.click(await screen.findByRole('link', { name: 'Change password' }));
    expect(await screen.findByRole('heading', { name: 'Change password', level: 1 })).toBeInTheDocument();
    await user.type(screen.getByLabelText('Current password'), 'wrong-password-here');
    await user.type(screen.getByLabelText('New password'), 'amber-harbour-violin-82');
    await user.type(screen.getByLabelText('New password again'), 'amber-harbour-violin-82');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('is not your current password')).toBeInTheDocument();
    expect(screen.getByLabelText('Current password')).toHaveAttribute('aria-invalid', 'true');

    await user.clear(screen.getByLabelText('Current password'));
    await user.type(screen.getByLabelText('Current password'), 'correct-horse-battery-9');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(
      await screen.findByText('Your password has been changed. Your other sessions have been signed out.'),
    ).toBeInTheDocument();
    expect(client.users.find((u) => u.role === 'clinician')?.password).toBe('amber-harbour-violin-82');
  });

  it('says so when the two new passwords differ, without asking the API', async () => {
    const client = new MemoryApiClient();
    const { user } = renderApp('/account/password', client, { signedInAs: 'front_desk' });
    await user.type(await screen.findByLabelText('Current password'), 'correct-horse-battery-9');
    await user.type(screen.getByLabelText('New password'), 'amber-harbour-violin-82');
    await user.type(screen.getByLabelText('New password again'), 'amber-harbour-violin-83');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('does not match the new password')).toBeInTheDocument();
    expect(client.calls.some(([name]) => name === 'changePassword')).toBe(false);
  });

  it('a user whose password an admin chose must choose their own before anything else', async () => {
    const client = new MemoryApiClient();
    client.addPractitioner();
    client.addUser('front_desk', { email: 'new@clinic.test', name: 'New Desk' }, 'admin-chose-this-1');
    client.users[0]!.mustChangePassword = true;
    const { user } = renderApp('/', client, { signedInAs: null });
    await user.type(await screen.findByLabelText('E-mail'), 'new@clinic.test');
    await user.type(screen.getByLabelText('Password'), 'admin-chose-this-1');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(
      await screen.findByRole('heading', { name: 'Choose your password', level: 1 }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('navigation', { name: 'Main' })).not.toBeInTheDocument();

    await user.type(screen.getByLabelText('Current password'), 'admin-chose-this-1');
    await user.type(screen.getByLabelText('New password'), 'amber-harbour-violin-82');
    await user.type(screen.getByLabelText('New password again'), 'amber-harbour-violin-82');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByRole('heading', { name: 'Today', level: 1 })).toBeInTheDocument();
  });
});
