import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { clinic } from '../../../test/clinic';
import { renderApp } from '../../../test/render';

/** A birth date that makes the patient `years` old today (and not about to have a birthday). */
function bornYearsAgo(years: number) {
  const d = new Date(Date.now() - 20 * 86_400_000);
  return `${d.getUTCFullYear() - years}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

/** A 55-year-old man with the guideline's worked example on record: 5.4% (white), 6.1% (African American). */
async function example() {
  const setup = await clinic({ liamBorn: bornYearsAgo(55) });
  await setup.api.addRiskInputs(setup.liam.id);
  return setup;
}

const observationsOf = (id: string) => `/patients/${id}?tab=observations`;

describe('observations tab', () => {
  it('is a tab for clinicians, reachable by keyboard, and absent for front desk', async () => {
    const { api, liam } = await example();
    const { user, router } = await renderApp(`/patients/${liam.id}`, api, { signedInAs: 'clinician' });
    const overview = await screen.findByRole('tab', { name: 'Overview' });
    expect(overview).toHaveAttribute('aria-selected', 'true');
    overview.focus();
    await user.keyboard('{ArrowRight}');
    const tab = screen.getByRole('tab', { name: 'Observations' });
    expect(tab).toHaveAttribute('aria-selected', 'true');
    expect(tab).toHaveFocus();
    expect(router.state.location.search).toBe('?tab=observations');
    expect(await screen.findByRole('region', { name: 'Cardiovascular risk' })).toBeInTheDocument();
  });

  it('hides the tab from the front desk, even when linked to it', async () => {
    const { api, liam } = await example();
    const { client } = await renderApp(observationsOf(liam.id), api, { signedInAs: 'front_desk' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Liam Smith' })).toBeInTheDocument();
    expect(screen.queryByRole('tab', { name: 'Observations' })).not.toBeInTheDocument();
    expect(screen.queryByText('Cardiovascular risk')).not.toBeInTheDocument();
    expect(client.calls.some((c) => c[0] === 'patientRisk')).toBe(false);
  });

  it('shows the score, its category in words, the inputs with their sources, and the reference', async () => {
    const { api, liam } = await example();
    const { user, client } = await renderApp(observationsOf(liam.id), api, { signedInAs: 'clinician' });
    const card = await screen.findByRole('region', { name: 'Cardiovascular risk' });
    expect(await within(card).findByText('5.4%')).toBeInTheDocument();
    expect(within(card).getByText('Borderline risk')).toBeInTheDocument();
    expect(within(card).getByRole('listitem', { current: true })).toHaveTextContent(
      /Borderline.*this patient/,
    );
    const inputs = within(card).getByRole('table', { name: 'Inputs used' });
    expect(
      within(inputs).getByRole('row', { name: /Total cholesterol 213 mg\/dL LOINC 2093-3 .*30 days ago/ }),
    ).toBeInTheDocument();
    expect(within(inputs).getByRole('row', { name: /Age 55 years Date of birth/ })).toBeInTheDocument();
    expect(
      within(inputs).getByRole('row', { name: /Race Other or not stated Chosen above \(not recorded\)/ }),
    ).toBeInTheDocument();
    expect(within(card).getByText(/equations for white people, as here/)).toBeInTheDocument();
    expect(within(card).getByText(/pce-ascvd-10y \(2013\).*Goff/)).toBeInTheDocument();

    await user.selectOptions(within(card).getByLabelText('Race, for the calculation'), 'african_american');
    expect(await within(card).findByText('6.1%')).toBeInTheDocument();
    expect(client.calls.filter((c) => c[0] === 'patientRisk').at(-1)).toEqual([
      'patientRisk',
      liam.id,
      'african_american',
    ]);
  });

  it('lists what to record when inputs are missing', async () => {
    const { api, ana } = await clinic();
    await api.addObservation(ana.id, {
      code: '8480-6',
      value: 128,
      unit: 'mm[Hg]',
      effectiveAt: new Date().toISOString(),
    });
    await renderApp(observationsOf(ana.id), api, { signedInAs: 'clinician' });
    const missing = await screen.findByRole('list', { name: 'Missing inputs' });
    const items = within(missing)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(items).toEqual([
      'Total cholesterol — no observation 2093-3 recorded',
      'HDL cholesterol — no observation 2085-9 recorded',
      'On blood-pressure medication — no observation bp-treatment recorded',
      'Current smoker — no observation 72166-2 recorded',
      'Diabetes — no observation diabetes recorded',
    ]);
    expect(screen.queryByText(/%$/)).not.toBeInTheDocument();
  });

  it('names the input and the range outside the validated range, and never shows a number', async () => {
    const { api, ana } = await clinic({ anaBorn: bornYearsAgo(35) });
    await api.addRiskInputs(ana.id);
    await renderApp(observationsOf(ana.id), api, { signedInAs: 'clinician' });
    expect(await screen.findByText('No score: outside the model’s validated range')).toBeInTheDocument();
    const list = screen.getByRole('list', { name: 'Inputs outside the range' });
    expect(list).toHaveTextContent('Age must be between 40 and 79 years for this model');
    const card = screen.getByRole('region', { name: 'Cardiovascular risk' });
    expect(within(card).queryByText(/\d%/)).not.toBeInTheDocument();
  });

  it('records a systolic pressure: it appears in the table, the chart and the risk score', async () => {
    const { api, liam } = await example();
    const { user, client } = await renderApp(observationsOf(liam.id), api, { signedInAs: 'clinician' });
    const form = await screen.findByRole('form', { name: 'Record an observation' });
    expect(within(form).getByLabelText('Observation')).toHaveValue('8480-6');
    expect(within(form).getByLabelText('Unit')).toHaveValue('mm[Hg]');
    await user.type(within(form).getByLabelText(/Value/), '150');
    await user.click(within(form).getByRole('button', { name: 'Record observation' }));
    expect(await within(form).findByText('Recorded systolic blood pressure: 150 mmHg.')).toBeInTheDocument();
    const table = await screen.findByRole('table', { name: 'Observations, newest first' });
    await waitFor(() =>
      expect(within(table).getAllByRole('row')[1]).toHaveTextContent(/Systolic blood pressure\s*150 mmHg/),
    );
    await waitFor(() =>
      expect(
        screen.getByRole('img', { name: /Blood pressure.*Systolic: 2 readings, latest 150 mmHg/ }),
      ).toBeInTheDocument(),
    );
    const [call] = client.calls.filter((c) => c[0] === 'createObservation');
    expect(call).toEqual([
      'createObservation',
      liam.id,
      { code: '8480-6', value: 150, unit: 'mm[Hg]', effectiveAt: expect.stringMatching(/Z$/) },
    ]);
    // The card recalculates from the new latest pressure.
    const inputs = screen.getByRole('table', { name: 'Inputs used' });
    await waitFor(() =>
      expect(
        within(inputs).getByRole('row', { name: /Systolic blood pressure 150 mmHg/ }),
      ).toBeInTheDocument(),
    );
  });

  it("puts the API's issues beside the fields, and offers a coded value's choices from the catalogue", async () => {
    const { api, liam } = await example();
    const { user } = await renderApp(observationsOf(liam.id), api, { signedInAs: 'admin' });
    const form = await screen.findByRole('form', { name: 'Record an observation' });
    await user.type(within(form).getByLabelText(/Value/), '1200');
    await user.click(within(form).getByRole('button', { name: 'Record observation' }));
    expect(await within(form).findByText('Some fields need attention.')).toBeInTheDocument();
    const value = within(form).getByLabelText(/Value/);
    expect(value).toHaveAttribute('aria-invalid', 'true');
    expect(value).toHaveAccessibleDescription('is not a plausible systolic blood pressure (40–300 mm[Hg])');

    await user.selectOptions(within(form).getByLabelText('Observation'), '72166-2');
    expect(within(form).queryByLabelText('Unit')).not.toBeInTheDocument();
    const choices = within(within(form).getByLabelText(/Value/)).getAllByRole('option');
    expect(choices.map((o) => o.textContent)).toEqual([
      'Choose…',
      'Current smoker',
      'Former smoker',
      'Never smoker',
    ]);

    await user.selectOptions(within(form).getByLabelText('Observation'), '2093-3');
    expect(
      within(within(form).getByLabelText('Unit'))
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['mg/dL', 'mmol/L']);
    await user.type(within(form).getByLabelText(/Value/), '5.5');
    await user.selectOptions(within(form).getByLabelText('Unit'), 'mmol/L');
    await user.click(within(form).getByRole('button', { name: 'Record observation' }));
    expect(
      await within(form).findByText('Recorded total cholesterol: 5.5 mmol/L (212.7 mg/dL).'),
    ).toBeInTheDocument();
  });

  it('deletes an observation entered in error after a confirmation', async () => {
    const { api, liam } = await example();
    const wrong = await api.addObservation(liam.id, {
      code: '29463-7',
      value: 870,
      unit: '[lb_av]',
      effectiveAt: new Date().toISOString(),
    });
    const { user } = await renderApp(observationsOf(liam.id), api, { signedInAs: 'clinician' });
    const table = await screen.findByRole('table', { name: 'Observations, newest first' });
    const row = within(table).getAllByRole('row')[1]!;
    expect(row).toHaveTextContent('870 lb (394.6 kg)');
    await user.click(within(row).getByRole('button', { name: /^Delete body weight/ }));
    const confirm = within(row).getByRole('button', { name: /Delete, entered in error/ });
    expect(confirm).toHaveFocus();
    await user.click(confirm);
    expect(await screen.findByText(/^Deleted body weight 870 lb/)).toBeInTheDocument();
    expect((await api.observationsOf(liam.id)).some((o) => o.id === wrong.id)).toBe(false);
    await waitFor(() => expect(screen.queryByText('870 lb (394.6 kg)')).not.toBeInTheDocument());
  });

  it('pages newest first and filters by code', async () => {
    const { api, liam } = await example();
    for (let i = 1; i <= 12; i++)
      await api.addObservation(liam.id, {
        code: '29463-7',
        value: 80 + i,
        unit: 'kg',
        effectiveAt: new Date(Date.now() - i * 86_400_000).toISOString(),
      });
    const { user } = await renderApp(observationsOf(liam.id), api, { signedInAs: 'clinician' });
    const table = await screen.findByRole('table', { name: 'Observations, newest first' });
    expect(within(table).getAllByRole('row')[1]).toHaveTextContent('81 kg');
    expect(within(table).getAllByRole('row')).toHaveLength(11);
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(screen.getByText('Page 2')).toBeInTheDocument());
    await user.selectOptions(screen.getByLabelText('Show'), '2085-9');
    await waitFor(() => {
      const rows = within(screen.getByRole('table', { name: 'Observations, newest first' })).getAllByRole(
        'row',
      );
      expect(rows).toHaveLength(2);
      expect(rows[1]).toHaveTextContent(/HDL cholesterol\s*50 mg\/dL/);
    });
  });

  it('shows the patient their own observations and risk, read-only, in the portal', async () => {
    const { api, liam } = await example();
    await api.addUser('patient', { patientId: liam.id, email: 'liam@example.org' });
    await renderApp('/portal', api, { signedInAs: 'patient' });
    expect(
      await screen.findByRole('heading', { name: 'My measurements and heart health' }),
    ).toBeInTheDocument();
    expect(await screen.findByText('5.4%')).toBeInTheDocument();
    expect(await screen.findByRole('table', { name: 'Observations, newest first' })).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Record an observation' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Delete/ })).not.toBeInTheDocument();
  });
});
