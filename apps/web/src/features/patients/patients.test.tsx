import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { clinic } from '../../../test/clinic';
import { renderApp } from '../../../test/render';

describe('patients', () => {
  it('searches as you type and opens a result with the keyboard', async () => {
    const { api, liam } = await clinic();
    const { user, router } = await renderApp('/patients', api);
    const search = await screen.findByRole('combobox', { name: 'Search patients' });
    await user.type(search, 'smi');
    await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(1));
    await user.keyboard('{ArrowDown}');
    expect(screen.getByRole('option', { name: /Liam Smith/ })).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(router.state.location.pathname).toBe(`/patients/${liam.id}`));
  });

  it('finds a patient by birth date', async () => {
    const { api } = await clinic();
    const { user } = await renderApp('/patients', api);
    await user.type(await screen.findByRole('combobox', { name: 'Search patients' }), '1975-11-30');
    await waitFor(() =>
      expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual([
        expect.stringContaining('Liam Smith'),
      ]),
    );
  });

  it('says in words which required fields are empty, before sending anything', async () => {
    const { api } = await clinic();
    const { user, client } = await renderApp('/patients/new', api);
    await user.type(await screen.findByLabelText(/Given name/), 'Nora');
    await user.click(screen.getByRole('button', { name: 'Create patient' }));
    expect(await screen.findByText('Some fields need attention')).toBeInTheDocument();
    expect(screen.getByLabelText(/Family name/)).toHaveAccessibleDescription('Enter the family name.');
    expect(screen.getByLabelText(/Date of birth/)).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText(/Date of birth/)).toHaveAccessibleDescription('Enter the date of birth.');
    // Required means required: an empty Sex is not saved as "Unknown".
    expect(screen.getByLabelText(/Sex/)).toHaveAccessibleDescription(/^Choose one/);
    expect(screen.queryByText(/must match pattern/)).not.toBeInTheDocument();
    expect(client.calls.some(([name]) => name === 'createPatient')).toBe(false);
  });

  it("puts the API's issues next to the fields", async () => {
    const { api } = await clinic();
    const { user } = await renderApp('/patients/new', api);
    await user.type(await screen.findByLabelText(/Given name/), 'Nora');
    await user.type(screen.getByLabelText(/Family name/), 'Quist');
    await user.type(screen.getByLabelText(/Date of birth/), '2999-01-01');
    await user.selectOptions(screen.getByLabelText(/Sex/), 'female');
    await user.click(screen.getByRole('button', { name: 'Create patient' }));
    expect(await screen.findByText('Some fields need attention')).toBeInTheDocument();
    expect(screen.getByLabelText(/Date of birth/)).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText(/Date of birth/)).toHaveAccessibleDescription(/future/);
  });

  it('shows the possible duplicate and creates anyway only when asked', async () => {
    const { api, ana } = await clinic();
    const { user, client } = await renderApp('/patients/new', api);
    await user.type(await screen.findByLabelText(/Given name/), 'Ana');
    await user.type(screen.getByLabelText(/Family name/), 'garcia');
    await user.type(screen.getByLabelText(/Date of birth/), ana.birthDate);
    await user.selectOptions(screen.getByLabelText(/Sex/), 'female');
    await user.click(screen.getByRole('button', { name: 'Create patient' }));
    expect(await screen.findByText('This may be a patient who is already registered')).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: 'Open Ana García' })).toHaveAttribute(
      'href',
      `/patients/${ana.id}`,
    );
    expect(await api.patients()).toHaveLength(2);
    await user.click(screen.getByRole('button', { name: 'Create anyway' }));
    expect(await screen.findByText(/was added \(MRN/)).toBeInTheDocument();
    expect(await api.patients()).toHaveLength(3);
    expect(client.calls.filter(([name]) => name === 'createPatient').at(-1)).toEqual([
      'createPatient',
      expect.anything(),
      { allowDuplicate: true },
    ]);
  });

  it('tells the user when someone else changed the record, and reloads it', async () => {
    const { api, ana } = await clinic();
    const { user } = await renderApp(`/patients/${ana.id}/edit`, api);
    const phone = await screen.findByLabelText('Phone');
    // Someone else saves first.
    await api.call('PUT', `/api/patients/${ana.id}`, {
      givenName: 'Ana',
      familyName: 'García',
      birthDate: ana.birthDate,
      sex: 'female',
      phone: '+1 555 0100 9999',
    });
    await user.clear(phone);
    await user.type(phone, '+1 555 0100 0000');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('This record was changed by someone else')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByLabelText('Phone')).toHaveValue('+1 555 0100 9999'));
  });

  it('shows a clinician no create or edit, and no access log', async () => {
    const { api, ana } = await clinic();
    await renderApp(`/patients/${ana.id}`, api, { signedInAs: 'clinician' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Ana García' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Edit details' })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Book appointment' })).not.toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Access log' })).not.toBeInTheDocument();
  });
});
