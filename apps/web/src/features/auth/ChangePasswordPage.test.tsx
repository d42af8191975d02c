import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { PASSWORD, startApi } from '../../../test/clinic';
import { renderApp } from '../../../test/render';

describe('changing the password', () => {
  it('a signed-in user changes their own, with the current one', async () => {
    const api = await startApi();
    await api.addPractitioner();
    const { user } = await renderApp('/today', api, { signedInAs: 'clinician' });
    await user.click(await screen.findByRole('link', { name: 'Change password' }));
    expect(await screen.findByRole('heading', { name: 'Change password', level: 1 })).toBeInTheDocument();
    await user.type(screen.getByLabelText('Current password'), 'wrong-password-here');
    await user.type(screen.getByLabelText('New password'), 'amber-harbour-violin-82');
    await user.type(screen.getByLabelText('New password again'), 'amber-harbour-violin-82');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('is not your current password')).toBeInTheDocument();
    expect(screen.getByLabelText('Current password')).toHaveAttribute('aria-invalid', 'true');

    await user.clear(screen.getByLabelText('Current password'));
    await user.type(screen.getByLabelText('Current password'), PASSWORD);
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(
      await screen.findByText('Your password has been changed. Your other sessions have been signed out.'),
    ).toBeInTheDocument();
    // The new password is the one that signs in now.
    const { email } = api.users.find((u) => u.role === 'clinician')!;
    expect(
      (
        await api.callAs<{ email: string }>(
          { email, password: 'amber-harbour-violin-82' },
          'GET',
          '/api/auth/me',
        )
      ).email,
    ).toBe(email);
  });

  it('says so when the two new passwords differ, without asking the API', async () => {
    const { user, client } = await renderApp('/account/password', await startApi(), {
      signedInAs: 'front_desk',
    });
    await user.type(await screen.findByLabelText('Current password'), PASSWORD);
    await user.type(screen.getByLabelText('New password'), 'amber-harbour-violin-82');
    await user.type(screen.getByLabelText('New password again'), 'amber-harbour-violin-83');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('does not match the new password')).toBeInTheDocument();
    expect(client.calls.some(([name]) => name === 'changePassword')).toBe(false);
  });

  it('a user whose password an admin chose must choose their own before anything else', async () => {
    const api = await startApi();
    await api.addPractitioner();
    await api.call('POST', '/api/users', {
      email: 'new@clinic.test',
      name: 'New Desk',
      role: 'front_desk',
      password: 'admin-chose-this-1',
    });
    const { user } = await renderApp('/', api, { signedInAs: null });
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
