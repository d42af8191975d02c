import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Availability, Practitioner } from '@medicare/contracts';
import { clinic, startApi } from '../../../test/clinic';
import { renderApp } from '../../../test/render';

describe('practitioners and their hours (admin)', () => {
  it('adds a practitioner in a time zone and sets weekly hours with a lunch break and a day off', async () => {
    const api = await startApi();
    const { user } = await renderApp('/admin/practitioners', api, { signedInAs: 'admin' });
    expect(await screen.findByText(/No practitioners yet/)).toBeInTheDocument();
    await user.type(screen.getByLabelText(/Given name/), 'Omar');
    await user.type(screen.getByLabelText(/Family name/), 'Haddad');
    await user.type(screen.getByLabelText('Specialty'), 'Cardiology');
    await user.selectOptions(screen.getByLabelText(/Time zone/), 'America/Los_Angeles');
    await user.click(screen.getByRole('button', { name: 'Add practitioner' }));
    expect(
      await screen.findByText('Dr Omar Haddad was added. Set their working hours next.'),
    ).toBeInTheDocument();
    const [omar] = (await api.call<{ items: Practitioner[] }>('GET', '/api/practitioners')).items;
    expect(omar).toMatchObject({ specialty: 'Cardiology', timeZone: 'America/Los_Angeles' });

    // The hours editor opens on the clinic's default (Mon–Fri 08:00–18:00).
    const editor = await screen.findByRole('region', { name: 'Working hours of Dr Omar Haddad' });
    expect(await within(editor).findByText(/No hours are set yet/)).toBeInTheDocument();
    const monday = within(editor).getByRole('group', { name: 'Monday' });
    await user.clear(within(monday).getByLabelText('Monday, hours 1, until'));
    await user.type(within(monday).getByLabelText('Monday, hours 1, until'), '12:30');
    await user.click(within(monday).getByRole('button', { name: 'Add hours on Monday' }));
    await user.clear(within(monday).getByLabelText('Monday, hours 2, from'));
    await user.type(within(monday).getByLabelText('Monday, hours 2, from'), '13:30');
    await user.clear(within(monday).getByLabelText('Monday, hours 2, until'));
    await user.type(within(monday).getByLabelText('Monday, hours 2, until'), '17:00');
    const friday = within(editor).getByRole('group', { name: 'Friday' });
    await user.click(within(friday).getByRole('button', { name: 'Remove Friday, hours 1' }));
    expect(within(friday).getByText('Closed')).toBeInTheDocument();
    await user.click(within(editor).getByRole('button', { name: 'Add an exception' }));
    const exception = within(editor).getAllByRole('group').at(-1)!;
    await user.clear(within(exception).getByLabelText('Date'));
    await user.type(within(exception).getByLabelText('Date'), '2026-12-24');
    await user.click(within(editor).getByRole('button', { name: 'Save working hours' }));
    expect(await screen.findByText('Working hours of Dr Omar Haddad were saved.')).toBeInTheDocument();

    const saved = await api.call<Availability>('GET', `/api/practitioners/${omar!.id}/availability`);
    expect(saved.isDefault).toBe(false);
    expect(saved.weekly.filter((r) => r.weekday === 1)).toEqual([
      { weekday: 1, start: '08:00', end: '12:30' },
      { weekday: 1, start: '13:30', end: '17:00' },
    ]);
    expect(saved.weekly.some((r) => r.weekday === 5)).toBe(false);
    expect(saved.exceptions).toEqual([{ date: '2026-12-24', ranges: [] }]);
  });

  it('shows the API’s refusal of overlapping hours next to what was wrong, and saves nothing', async () => {
    const { api, practitioner } = await clinic();
    const { user } = await renderApp('/admin/practitioners', api, { signedInAs: 'admin' });
    await user.click(await screen.findByRole('button', { name: 'Working hours of Dr Maya Chen' }));
    const editor = await screen.findByRole('region', { name: 'Working hours of Dr Maya Chen' });
    const tuesday = await within(editor).findByRole('group', { name: 'Tuesday' });
    await user.click(within(tuesday).getByRole('button', { name: 'Add hours on Tuesday' }));
    await user.clear(within(tuesday).getByLabelText('Tuesday, hours 2, from'));
    await user.type(within(tuesday).getByLabelText('Tuesday, hours 2, from'), '17:00');
    await user.click(within(editor).getByRole('button', { name: 'Save working hours' }));
    expect(await within(editor).findByText('The hours were not saved')).toBeInTheDocument();
    const saved = await api.call<Availability>('GET', `/api/practitioners/${practitioner.id}/availability`);
    expect(saved.isDefault).toBe(true);
  });

  it('edits a practitioner with the version it read', async () => {
    const { api, practitioner } = await clinic();
    const { user, client } = await renderApp('/admin/practitioners', api, { signedInAs: 'admin' });
    await user.click(await screen.findByRole('button', { name: 'Edit Dr Maya Chen' }));
    await user.clear(screen.getByLabelText('Specialty'));
    await user.type(screen.getByLabelText('Specialty'), 'Paediatrics');
    await user.click(screen.getByRole('button', { name: 'Save practitioner' }));
    expect(await screen.findByText('Dr Maya Chen was saved.')).toBeInTheDocument();
    expect(client.calls).toContainEqual([
      'updatePractitioner',
      practitioner.id,
      expect.objectContaining({ specialty: 'Paediatrics' }),
      '"1"',
    ]);
  });
});

describe('appointment types (admin)', () => {
  it('adds a type with its length, buffer, self-booking and practitioners', async () => {
    const { api, practitioner } = await clinic();
    const { user } = await renderApp('/admin/appointment-types', api, { signedInAs: 'admin' });
    const table = await screen.findByRole('region', { name: 'Appointment types' });
    expect(within(table).getByRole('cell', { name: 'Consultation' })).toBeInTheDocument();
    // The form waits for the practitioners it lists.
    await user.type(await screen.findByLabelText(/^Name/), 'Vaccination');
    await user.clear(screen.getByLabelText(/^Length/));
    await user.type(screen.getByLabelText(/^Length/), '15');
    await user.clear(screen.getByLabelText(/^Kept free after/));
    await user.type(screen.getByLabelText(/^Kept free after/), '5');
    await user.click(screen.getByLabelText('Patients may book it themselves in the portal'));
    await user.click(screen.getByLabelText('Dr Maya Chen'));
    await user.click(screen.getByRole('button', { name: 'Add appointment type' }));
    expect(await screen.findByText('Vaccination was added.')).toBeInTheDocument();
    await waitFor(() => expect(within(table).getByRole('cell', { name: 'Vaccination' })).toBeInTheDocument());
    const types = await api.call<{ items: { name: string }[] }>('GET', '/api/appointment-types');
    expect(types.items.find((t) => t.name === 'Vaccination')).toMatchObject({
      durationMinutes: 15,
      bufferMinutes: 5,
      patientBookable: true,
      practitionerIds: [practitioner.id],
    });
  });
});
