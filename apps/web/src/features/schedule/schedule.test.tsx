import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { clinic, renderApp } from '../../../test/render';
import { addDays, localToday, zonedToInstant } from '../../lib/time';

describe('schedule', () => {
  it("books a free time and shows the API's conflict plainly when someone else took it", async () => {
    const { client, practitioner, ana, liam } = clinic();
    const date = addDays(localToday(), 10);
    const { user } = renderApp(`/schedule?date=${date}`, client);
    await user.click(await screen.findByRole('button', { name: 'Book 10:00 AM' }));
    const panel = screen.getByRole('region', { name: /^Book / });
    await user.type(within(panel).getByRole('combobox', { name: 'Patient' }), 'Liam');
    await user.click(await within(panel).findByRole('option', { name: /Liam Smith/ }));
    // Meanwhile, at the desk next door:
    const start = zonedToInstant(date, '10:00', practitioner.timeZone);
    client.addAppointment({
      patientId: ana.id,
      practitionerId: practitioner.id,
      start: start.toISOString(),
      end: new Date(start.getTime() + 30 * 60_000).toISOString(),
    });
    await user.click(within(panel).getByRole('button', { name: 'Book appointment' }));
    expect(await screen.findByText('That time is already taken')).toBeInTheDocument();
    expect(await screen.findByText(/It clashes with the appointment on/)).toHaveTextContent('Ana García');
    expect(client.appointments.filter((a) => a.patientId === liam.id)).toHaveLength(0);
  });

  it('marks an appointment arrived, sending the version it read', async () => {
    const { client, practitioner, ana } = clinic();
    const date = addDays(localToday(), 3);
    const start = zonedToInstant(date, '09:00', practitioner.timeZone);
    const booked = client.addAppointment({
      patientId: ana.id,
      practitionerId: practitioner.id,
      start: start.toISOString(),
      end: new Date(start.getTime() + 30 * 60_000).toISOString(),
    });
    const { user } = renderApp(`/schedule?date=${date}`, client, { signedInAs: 'clinician' });
    await user.click(await screen.findByRole('button', { name: /9:00 AM.*Ana García/ }));
    // A clinician may change the status, not the time.
    expect(screen.queryByRole('button', { name: 'Reschedule' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Mark arrived' }));
    expect(await screen.findByText('Marked arrived.')).toBeInTheDocument();
    expect(client.calls.at(-1)).toEqual([
      'updateAppointment',
      booked.id,
      expect.objectContaining({ status: 'arrived' }),
      '"1"',
    ]);
  });
});
