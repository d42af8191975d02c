import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { clinic } from '../../../test/clinic';
import { renderApp } from '../../../test/render';
import { addDays, localToday, weekdayFrom, zonedToInstant } from '../../lib/time';

describe('patient portal', () => {
  it('books a free slot of a self-bookable type and says when, with the zone', async () => {
    const { api, ana } = await clinic();
    await api.addAppointmentType({ name: 'Annual review', durationMinutes: 60 });
    const { user } = await renderApp('/portal', api, { signedInAs: 'patient', patientId: ana.id });
    const card = await screen.findByRole('region', { name: 'Book an appointment' });
    // Only what patients may book themselves is offered.
    const what = await within(card).findByLabelText('What for');
    expect(
      within(what)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Consultation · 30 min']);
    await user.click(await within(card).findByRole('radio', { name: /^10:00 AM E[SD]T · Dr Maya Chen$/ }));
    await user.click(within(card).getByRole('button', { name: 'Book appointment' }));
    expect(
      await screen.findByText(
        /^Booked: Consultation with Dr Maya Chen on \w{3} \d+ \w{3} \d{4}, 10:00–10:30 AM E[SD]T\.$/,
      ),
    ).toBeInTheDocument();
    const [mine] = await api.appointmentsOf(ana.id);
    expect(mine).toMatchObject({ status: 'booked' });
  });

  it('moves an appointment to another free time, and refuses a cancellation past the cut-off in words', async () => {
    const { api, practitioner, ana } = await clinic();
    const date = weekdayFrom(addDays(localToday(), 5));
    const start = zonedToInstant(date, '09:00', practitioner.timeZone);
    await api.addAppointment({
      patientId: ana.id,
      practitionerId: practitioner.id,
      start: start.toISOString(),
      appointmentTypeId: (await api.call<{ items: { id: string }[] }>('GET', '/api/appointment-types'))
        .items[0]!.id,
    });
    const near = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 3 * 3_600_000);
    await api.addAppointment({
      patientId: ana.id,
      practitionerId: practitioner.id,
      start: near.toISOString(),
      end: new Date(near.getTime() + 30 * 60_000).toISOString(),
      override: { reason: 'Squeezed in' },
    });
    const { user } = await renderApp('/portal', api, { signedInAs: 'patient', patientId: ana.id });
    const upcoming = await screen.findByRole('region', { name: 'Upcoming appointments' });
    await user.click(
      await within(upcoming).findByRole('button', { name: /^Move the appointment on .+9:00 AM/ }),
    );
    const move = await screen.findByRole('region', { name: 'Move an appointment' });
    await user.click(await within(move).findByRole('radio', { name: /^11:00 AM E[SD]T/ }));
    await user.click(within(move).getByRole('button', { name: 'Move appointment' }));
    expect(
      await screen.findByText(
        /^Moved: your appointment with Dr Maya Chen is now on .+11:00–11:30 AM E[SD]T\.$/,
      ),
    ).toBeInTheDocument();

    const nearRow = within(upcoming).getAllByRole('listitem')[0]!;
    await user.click(within(nearRow).getByRole('button', { name: /^Cancel appointment/ }));
    await user.click(within(nearRow).getByRole('button', { name: 'Yes, cancel it' }));
    expect(await screen.findByText('Too late to change this online')).toBeInTheDocument();
    expect(
      screen.getByText(
        /changed or cancelled online until \w{3} \d+ \w{3} \d{4}, .+ E[SD]T\. Please call the clinic\./,
      ),
    ).toBeInTheDocument();
    expect((await api.appointmentsOf(ana.id)).map((a) => a.status)).toEqual(['booked', 'booked']);
  });
});
