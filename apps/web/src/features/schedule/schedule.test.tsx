import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { clinic } from '../../../test/clinic';
import { renderApp } from '../../../test/render';
import { addDays, localToday, startOfWeek, weekdayFrom, zonedToInstant } from '../../lib/time';

const at = (date: string, time: string, minutes = 30) => {
  const start = zonedToInstant(date, time, 'America/New_York');
  return { start: start.toISOString(), end: new Date(start.getTime() + minutes * 60_000).toISOString() };
};

describe('schedule', () => {
  it("books a free time and shows the API's conflict plainly when someone else took it", async () => {
    const { api, practitioner, ana, liam } = await clinic();
    const date = weekdayFrom(addDays(localToday(), 10));
    const { user } = await renderApp(`/schedule?date=${date}`, api);
    await user.click(await screen.findByRole('button', { name: 'Book 10:00 AM' }));
    const panel = screen.getByRole('region', { name: /^Book \w{3} \d/ });
    expect(panel).toHaveTextContent(/10:00–10:30 AM E[SD]T/);
    await user.type(within(panel).getByRole('combobox', { name: 'Patient' }), 'Liam');
    await user.click(await within(panel).findByRole('option', { name: /Liam Smith/ }));
    // Meanwhile, at the desk next door:
    await api.addAppointment({ patientId: ana.id, practitionerId: practitioner.id, ...at(date, '10:00') });
    await user.click(within(panel).getByRole('button', { name: 'Book appointment' }));
    expect(await screen.findByText('That time is already taken')).toBeInTheDocument();
    // The clashing appointment's patient name arrives with its own request.
    await waitFor(() =>
      expect(screen.getByText(/It clashes with the appointment on/)).toHaveTextContent('Ana García'),
    );
    expect(await api.appointmentsOf(liam.id)).toHaveLength(0);
    // The free times were refreshed: 10:00 is gone.
    await waitFor(() =>
      expect(screen.queryByRole('button', { name: 'Book 10:00 AM' })).not.toBeInTheDocument(),
    );
  });

  it('offers only the hours the practitioner works, and none on a day off', async () => {
    const { api, practitioner } = await clinic();
    const tuesday = addDays(startOfWeek(addDays(localToday(), 7)), 1);
    await api.setHours(practitioner.id, {
      weekly: [
        { weekday: 2, start: '09:00', end: '10:00' },
        { weekday: 2, start: '14:00', end: '15:00' },
      ],
      exceptions: [{ date: addDays(tuesday, 7), ranges: [] }],
    });
    const { user } = await renderApp(`/schedule?date=${tuesday}`, api);
    const free = await screen.findByRole('list', { name: /^Free times on/ });
    expect(
      within(free)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual([
      'Book 9:00 AM',
      'Book 9:15 AM',
      'Book 9:30 AM',
      'Book 2:00 PM',
      'Book 2:15 PM',
      'Book 2:30 PM',
    ]);
    await user.click(screen.getByRole('button', { name: 'Next day' }));
    expect(await screen.findByText(/^No free time on/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Previous day' }));
    fireEvent.change(screen.getByLabelText('Date'), { target: { value: addDays(tuesday, 7) } });
    expect(await screen.findByText(/^No free time on/)).toBeInTheDocument();
  });

  it('books a weekly series, names each clashing week, and skips them when asked', async () => {
    const { api, practitioner, ana, liam } = await clinic();
    const date = weekdayFrom(addDays(localToday(), 3));
    // Ana already holds the third week's 9:00.
    await api.addAppointment({
      patientId: ana.id,
      practitionerId: practitioner.id,
      ...at(addDays(date, 14), '09:00'),
    });
    const { user } = await renderApp(`/schedule?date=${date}&patient=${liam.id}`, api);
    await user.click(await screen.findByRole('button', { name: 'Book 9:00 AM' }));
    const panel = screen.getByRole('region', { name: /^Book \w{3} \d/ });
    await within(panel).findByText(/Liam Smith/);
    await user.selectOptions(within(panel).getByLabelText('Repeat'), 'Every week');
    await user.clear(within(panel).getByLabelText('How many appointments'));
    await user.type(within(panel).getByLabelText('How many appointments'), '4');
    await user.click(within(panel).getByRole('button', { name: 'Book 4 appointments' }));
    const clash = await screen.findByText('One date clashes: nothing was booked');
    expect(clash.closest('[role="alert"]')).toHaveTextContent(/9:00–9:30 AM E[SD]T/);
    expect(await api.appointmentsOf(liam.id)).toHaveLength(0);
    await user.click(within(panel).getByRole('button', { name: 'Skip the clashes and book the rest' }));
    expect(await screen.findByText(/^Booked 3 appointments for Liam Smith/)).toHaveTextContent(
      /Skipped because they clash: .+9:00 AM E[SD]T/,
    );
    const liams = await api.appointmentsOf(liam.id);
    expect(liams).toHaveLength(3);
    expect(new Set(liams.map((a) => a.seriesId)).size).toBe(1);
  });

  it('marks arrived only on the day, and a clinician may not reschedule', async () => {
    const { api, practitioner, ana, liam } = await clinic();
    const later = addDays(localToday(), 2);
    await api.addAppointment({ patientId: ana.id, practitionerId: practitioner.id, ...at(later, '09:00') });
    const now = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 5 * 60_000);
    const booked = await api.addAppointment({
      patientId: liam.id,
      practitionerId: practitioner.id,
      start: now.toISOString(),
      end: new Date(now.getTime() + 15 * 60_000).toISOString(),
      override: { reason: 'Fitted in today' },
    });
    const { user, client } = await renderApp(`/schedule?date=${later}`, api, { signedInAs: 'clinician' });
    await user.click(await screen.findByRole('button', { name: /9:00 AM.*Ana García/ }));
    expect(screen.queryByRole('button', { name: 'Reschedule' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Mark arrived' })).toBeDisabled();
    expect(screen.getByText(/^Can be marked arrived on/)).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Today' }));
    await user.click(await screen.findByRole('button', { name: /Liam Smith/ }));
    await user.click(screen.getByRole('button', { name: 'Mark arrived' }));
    expect(await screen.findByText('Marked arrived.')).toBeInTheDocument();
    expect(client.calls.filter(([name]) => name === 'updateAppointment').at(-1)).toEqual([
      'updateAppointment',
      booked.id,
      expect.objectContaining({ status: 'arrived' }),
      '"1"',
    ]);
  });

  it('cancels only after asking, keeps the reason, and undoes it', async () => {
    const { api, practitioner, ana } = await clinic();
    const date = weekdayFrom(addDays(localToday(), 4));
    const booked = await api.addAppointment({
      patientId: ana.id,
      practitionerId: practitioner.id,
      ...at(date, '11:00'),
    });
    const { user } = await renderApp(`/schedule?date=${date}`, api);
    await user.click(await screen.findByRole('button', { name: /11:00 AM.*Ana García/ }));
    await user.click(screen.getByRole('button', { name: /^Cancel appointment/ }));
    const form = screen.getByRole('form', { name: /^Cancel the appointment on/ });
    // Nothing happened yet.
    expect((await api.appointmentsOf(ana.id))[0]!.status).toBe('booked');
    await user.type(within(form).getByLabelText('Reason (optional)'), 'Patient phoned: flu');
    await user.click(within(form).getByRole('button', { name: 'Yes, cancel it' }));
    expect(await screen.findByText('Appointment cancelled.')).toBeInTheDocument();
    const cancelled = (await api.appointmentsOf(ana.id))[0]!;
    expect(cancelled).toMatchObject({
      id: booked.id,
      status: 'cancelled',
      cancellationReason: 'Patient phoned: flu',
    });
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(
      await screen.findByText('Cancellation undone: the appointment is booked again.'),
    ).toBeInTheDocument();
    expect((await api.appointmentsOf(ana.id))[0]!.status).toBe('booked');
  });

  it('books outside working hours only with a stated reason', async () => {
    const { api, liam } = await clinic();
    const date = weekdayFrom(addDays(localToday(), 5));
    const { user } = await renderApp(`/schedule?date=${date}&patient=${liam.id}`, api);
    const outside = await screen.findByRole('region', { name: 'Book outside working hours' });
    await user.clear(within(outside).getByLabelText('Time'));
    await user.type(within(outside).getByLabelText('Time'), '19:00');
    await user.click(within(outside).getByRole('button', { name: 'Choose this time' }));
    const panel = screen.getByRole('region', { name: /^Book \w{3} \d/ });
    await within(panel).findByText(/Liam Smith/);
    const book = within(panel).getByRole('button', { name: 'Book appointment' });
    expect(book).toBeDisabled();
    await user.type(within(panel).getByLabelText(/Why outside working hours/), 'Works late shifts');
    await user.click(book);
    expect(
      await screen.findByText(/^Booked Liam Smith with Dr Maya Chen on .+7:00 PM E[SD]T\.$/),
    ).toBeInTheDocument();
    expect((await api.appointmentsOf(liam.id))[0]).toMatchObject({ overrideReason: 'Works late shifts' });
  });
});
