import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { clinic } from '../../../test/clinic';
import { renderApp } from '../../../test/render';
import { addDays, localToday, zonedToInstant } from '../../lib/time';

describe('schedule', () => {
  it("books a free time and shows the API's conflict plainly when someone else took it", async () => {
    const { api, practitioner, ana, liam } = await clinic();
    const date = addDays(localToday(), 10);
    const { user } = await renderApp(`/schedule?date=${date}`, api);
    await user.click(await screen.findByRole('button', { name: 'Book 10:00 AM' }));
    const panel = screen.getByRole('region', { name: /^Book / });
    await user.type(within(panel).getByRole('combobox', { name: 'Patient' }), 'Liam');
    await user.click(await within(panel).findByRole('option', { name: /Liam Smith/ }));
    // Meanwhile, at the desk next door:
    const start = zonedToInstant(date, '10:00', practitioner.timeZone);
    await api.addAppointment({
      patientId: ana.id,
      practitionerId: practitioner.id,
      start: start.toISOString(),
      end: new Date(start.getTime() + 30 * 60_000).toISOString(),
    });
    await user.click(within(panel).getByRole('button', { name: 'Book appointment' }));
    expect(await screen.findByText('That time is already taken')).toBeInTheDocument();
    // The clashing appointment's patient name arrives with its own request.
    await waitFor(() =>
      expect(screen.getByText(/It clashes with the appointment on/)).toHaveTextContent('Ana García'),
    );
    expect(await api.appointmentsOf(liam.id)).toHaveLength(0);
  });

  it('marks an appointment arrived, sending the version it read', async () => {
    const { api, practitioner, ana } = await clinic();
    const date = addDays(localToday(), 3);
    const start = zonedToInstant(date, '09:00', practitioner.timeZone);
    const booked = await api.addAppointment({
      patientId: ana.id,
      practitionerId: practitioner.id,
      start: start.toISOString(),
      end: new Date(start.getTime() + 30 * 60_000).toISOString(),
    });
    const { user, client } = await renderApp(`/schedule?date=${date}`, api, { signedInAs: 'clinician' });
    await user.click(await screen.findByRole('button', { name: /9:00 AM.*Ana García/ }));
    // A clinician may change the status, not the time.
    expect(screen.queryByRole('button', { name: 'Reschedule' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Mark arrived' }));
    expect(await screen.findByText('Marked arrived.')).toBeInTheDocument();
    expect(client.calls.filter(([name]) => name === 'updateAppointment').at(-1)).toEqual([
      'updateAppointment',
      booked.id,
      expect.objectContaining({ status: 'arrived' }),
      '"1"',
    ]);
  });
});
