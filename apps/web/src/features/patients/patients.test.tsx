import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { clinic, renderApp } from '../../../test/render';

describe('patients', () => {
  it('searches as you type and opens a result with the keyboard', async () => {
    const { client, liam } = clinic();
    const { user, router } = renderApp('/patients', client);
    const search = await screen.findByRole('combobox', { name: 'Search patients' });
    await user.type(search, 'smi');
    await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(1));
    await user.keyboard('{ArrowDown}');
    expect(screen.getByRole('option', { name: /Liam Smith/ })).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(router.state.location.pathname).toBe(`/patients/${liam.id}`));
  });

  it('finds a patient by birth date', async () => {
    const { client } = clinic();
    const { user } = renderApp('/patients', client);
    await user.type(await screen.findByRole('combobox', { name: 'Search patients' }), '1975-11-30');
    await waitFor(() =>
      expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual([
        expect.stringContaining('Liam Smith'),
      ]),
    );
  });

  it("puts the API's issues next to the fields", async () => {
    const { client } = clinic();
    const { user } = renderApp('/patients/new', client);
    await user.type(await screen.findByLabelText(/Given name/), 'Nora');
    await user.click(screen.getByRole('button', { name: 'Create patient' }));
    expect(await screen.findByText('Some fields need attention')).toBeInTheDocument();
    expect(screen.getByLabelText(/Family name/)).toHaveAccessibleDescription('must not be empty');
    expect(screen.getByLabelText(/Date of birth/)).toHaveAttribute('aria-invalid', 'true');
  });

  it('shows the possible duplicate and creates anyway only when asked', async () => {
    const { client, ana } = clinic();
    const { user } = renderApp('/patients/new', client);
    await user.type(await screen.findByLabelText(/Given name/), 'Ana');
    await user.type(screen.getByLabelText(/Family name/), 'garcia');
    await user.type(screen.getByLabelText(/Date of birth/), ana.birthDate);
    await user.click(screen.getByRole('button', { name: 'Create patient' }));
    expect(await screen.findByText('This may be a patient who is already registered')).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: 'Open Ana García' })).toHaveAttribute(
      'href',
      `/patients/${ana.id}`,
    );
    expect(client.patients).toHaveLength(2);
    await user.click(screen.getByRole('button', { name: 'Create anyway' }));
    expect(await screen.findByText(/was added \(MRN/)).toBeInTheDocument();
    expect(client.patients).toHaveLength(3);
    expect(client.calls.at(-1)).toEqual(['createPatient', expect.anything(), { allowDuplicate: true }]);
  });

  it('tells the user when someone else changed the record, and reloads it', async () => {
    const { client, ana } = clinic();
    const { user } = renderApp(`/patients/${ana.id}/edit`, client);
    const phone = await screen.findByLabelText('Phone');
    // Someone else saves first.
    await client.updatePatient(
      ana.id,
      {
        givenName: 'Ana',
        familyName: 'García',
        birthDate: ana.birthDate,
        sex: 'female',
        phone: '+1 555 0100 9999',
      },
      '"1"',
    );
    await user.clear(phone);
    await user.type(phone, '+1 555 0100 0000');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('This record was changed by someone else')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByLabelText('Phone')).toHaveValue('+1 555 0100 9999'));
  });

  it('shows a clinician no create or edit, and no access log', async () => {
    const { client, ana } = clinic();
    renderApp(`/patients/${ana.id}`, client, { signedInAs: 'clinician' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Ana García' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Edit details' })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Book appointment' })).not.toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Access log' })).not.toBeInTheDocument();
  });
});
