import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { clinic } from '../../../test/clinic';
import { renderApp } from '../../../test/render';

const documentsOf = (id: string) => `/patients/${id}?tab=documents`;
const REPORT = ['Collected: 2026-03-03', 'LDL 162 mg/dL', 'HbA1c 7.2 %', 'HDL 41 mg/dL'];

describe('lab values from a report', () => {
  it('records only the values the clinician ticks, as corrected, on the report’s date', async () => {
    const { api, liam } = await clinic();
    await api.addDocument(liam.id, 'Lab report March 2026', REPORT);
    const { user, client } = await renderApp(documentsOf(liam.id), api, { signedInAs: 'clinician' });
    await user.click(await screen.findByRole('button', { name: 'Lab values in Lab report March 2026' }));
    const panel = await screen.findByRole('region', { name: 'Lab values in Lab report March 2026' });
    expect(await within(panel).findByText('Page 3: “HbA1c 7.2 %”')).toBeInTheDocument();
    const submit = within(panel).getByRole('button', { name: 'Record 0 confirmed values' });
    expect(submit).toBeDisabled();

    await user.click(within(panel).getByRole('checkbox', { name: 'Record LDL cholesterol' }));
    await user.click(within(panel).getByRole('checkbox', { name: 'Record Hemoglobin A1c' }));
    const hba1c = within(panel).getByLabelText('Hemoglobin A1c (%)');
    await user.clear(hba1c);
    await user.type(hba1c, '7.3');
    await user.click(within(panel).getByRole('button', { name: 'Record 2 confirmed values' }));
    expect(await within(panel).findByText('LDL cholesterol, Hemoglobin A1c')).toBeInTheDocument();

    const created = client.calls.filter((c) => c[0] === 'createObservation');
    expect(created).toEqual([
      [
        'createObservation',
        liam.id,
        { code: '2089-1', value: 162, unit: 'mg/dL', effectiveAt: '2026-03-03T12:00:00.000Z' },
      ],
      [
        'createObservation',
        liam.id,
        { code: '4548-4', value: 7.3, unit: '%', effectiveAt: '2026-03-03T12:00:00.000Z' },
      ],
    ]);
    // Only the two ticked values were written; HDL, left unticked, was not.
    const stored = await api.observationsOf(liam.id);
    expect(stored.map((o) => o.code).sort()).toEqual(['2089-1', '4548-4']);
  });

  it('is not offered to front desk', async () => {
    const { api, liam } = await clinic();
    await api.addDocument(liam.id, 'Lab report', REPORT);
    await renderApp(documentsOf(liam.id), api, { signedInAs: 'front_desk' });
    expect(await screen.findByText('Lab report')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Lab values/ })).toBeNull();
  });
});
