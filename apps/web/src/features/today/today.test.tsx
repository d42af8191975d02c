import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Practitioner } from '@medicare/contracts';
import { clinic } from '../../../test/clinic';
import { renderApp } from '../../../test/render';

/** Later today (five minutes on), outside the default hours perhaps: staff book it anyway. */
const soon = (minutes = 5) => {
  const start = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + minutes * 60_000);
  return { start: start.toISOString(), end: new Date(start.getTime() + 15 * 60_000).toISOString() };
};

describe('Today', () => {
  it('shows a linked clinician their own day, marks arrival, and cancels with an undo', async () => {
    const { api, practitioner, ana, liam } = await clinic();
    const other = await api.call<Practitioner>('POST', '/api/practitioners', {
      givenName: 'Omar',
      familyName: 'Haddad',
      specialty: null,
      timeZone: 'America/New_York',
    });
    const override = { reason: 'Test day' };
    await api.addAppointment({ patientId: ana.id, practitionerId: practitioner.id, ...soon(5), override });
    await api.addAppointment({ patientId: liam.id, practitionerId: other.id, ...soon(5), override });
    const me = await api.addUser('clinician', { name: 'Maya Chen' });
    await api.call('PUT', `/api/users/${me.id}`, { practitionerId: practitioner.id });

    const { user } = await renderApp('/today', api, { signedInAs: 'clinician' });
    expect(await screen.findByRole('heading', { level: 1, name: 'My day' })).toBeInTheDocument();
    const mine = await screen.findByRole('region', { name: 'Dr Maya Chen' });
    expect(within(mine).getByRole('link', { name: 'Ana García' })).toBeInTheDocument();
    expect(screen.queryByText('Liam Smith')).not.toBeInTheDocument();

    await user.click(within(mine).getByRole('button', { name: 'Mark arrived' }));
    expect(await screen.findByText('Ana García: marked arrived.')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Show everyone’s day' }));
    const theirs = await screen.findByRole('region', { name: 'Dr Omar Haddad' });
    await user.click(within(theirs).getByRole('button', { name: /^Cancel appointment/ }));
    await user.type(within(theirs).getByLabelText('Reason (optional)'), 'Feeling better');
    await user.click(within(theirs).getByRole('button', { name: 'Yes, cancel it' }));
    expect(await screen.findByText('Cancelled the appointment of Liam Smith.')).toBeInTheDocument();
    await waitFor(async () => expect((await api.appointmentsOf(liam.id))[0]!.status).toBe('cancelled'));
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(await screen.findByText(/^Cancellation undone/)).toBeInTheDocument();
    expect((await api.appointmentsOf(liam.id))[0]!.status).toBe('booked');
  });
});
