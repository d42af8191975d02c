import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { clinic } from '../../../test/clinic';
import { renderApp } from '../../../test/render';
import { addDays, localToday, zonedToInstant } from '../../lib/time';

describe('reminders', () => {
  it('shows an appointment’s reminders on its panel in the schedule, and that cancelling cancels them', async () => {
    const { api, practitioner, ana } = await clinic();
    const date = addDays(localToday(), 4);
    const start = zonedToInstant(date, '09:00', practitioner.timeZone);
    await api.addAppointment({
      patientId: ana.id,
      practitionerId: practitioner.id,
      start: start.toISOString(),
      end: new Date(start.getTime() + 30 * 60_000).toISOString(),
    });
    const { user } = await renderApp(`/schedule?date=${date}`, api);
    await user.click(await screen.findByRole('button', { name: /9:00 AM.*Ana García/ }));
    const reminders = await screen.findByRole('region', { name: 'Reminders' });
    // Ana agreed to text messages only: 24 h and 2 h before.
    const items = await within(reminders).findAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual([
      expect.stringMatching(/^Text message · .+ · Scheduled$/),
      expect.stringMatching(/^Text message · .+ · Scheduled$/),
    ]);
    // Cancelling asks first (issue 17); the reminders follow the answer.
    await user.click(screen.getByRole('button', { name: /^Cancel appointment/ }));
    const form = screen.getByRole('form', { name: /^Cancel the appointment on/ });
    await user.click(within(form).getByRole('button', { name: 'Yes, cancel it' }));
    expect(await screen.findByText('Appointment cancelled.')).toBeInTheDocument();
    // The cancellation refreshes the panel's reminders (their key lives under the appointments').
    const after = await screen.findByRole('region', { name: 'Reminders' });
    expect(await within(after).findAllByText('Cancelled')).toHaveLength(2);
  });

  it('lists the outbox for the desk when no SMS provider is configured', async () => {
    const { api, practitioner, liam } = await clinic();
    const date = addDays(localToday(), 5);
    const start = zonedToInstant(date, '10:00', practitioner.timeZone);
    await api.addAppointment({
      patientId: liam.id,
      practitionerId: practitioner.id,
      start: start.toISOString(),
      end: new Date(start.getTime() + 30 * 60_000).toISOString(),
    });
    await api.runReminders(new Date(start.getTime() - 60 * 60_000));
    await renderApp('/reminders/outbox', api, { signedInAs: 'front_desk' });
    const table = await screen.findByRole('table', { name: /Reminders kept for the desk/ });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('+1 555 0199 4321');
    expect(rows[0]).toHaveTextContent(
      /reminder of your appointment with Maya Chen on .+ at 10:00 AM \(E[SD]T, America\/New_York\)/,
    );
    expect(screen.getByRole('link', { name: 'Reminders' })).toBeInTheDocument();
  });
});
