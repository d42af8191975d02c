import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { clinic, renderApp } from '../../../test/render';

const documentsOf = (id: string) => `/patients/${id}?tab=documents`;

describe('lab values from a report', () => {
  it('records only the values the clinician ticks, as corrected, on the report’s date', async () => {
    const { client, liam } = clinic();
    const doc = client.addDocument(liam.id, { title: 'Lab report March 2026' }, ['LDL 162 mg/dL']);
    client.labProposals.set(doc.id, {
      effectiveAt: '2026-03-03T12:00:00.000Z',
      items: [
        {
          code: '2089-1',
          display: 'LDL cholesterol',
          value: 162,
          unit: 'mg/dL',
          page: 1,
          text: 'LDL 162 mg/dL',
        },
        { code: '4548-4', display: 'Hemoglobin A1c', value: 7.2, unit: '%', page: 1, text: 'HbA1c 7.2 %' },
        {
          code: '2085-9',
          display: 'HDL cholesterol',
          value: 41,
          unit: 'mg/dL',
          page: 1,
          text: 'HDL 41 mg/dL',
        },
      ],
    });
    const { user } = renderApp(documentsOf(liam.id), client, { signedInAs: 'clinician' });
    await user.click(await screen.findByRole('button', { name: 'Lab values in Lab report March 2026' }));
    const panel = await screen.findByRole('region', { name: 'Lab values in Lab report March 2026' });
    expect(within(panel).getByText('Page 1: “HbA1c 7.2 %”')).toBeInTheDocument();
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
  });

  it('is not offered to front desk', async () => {
    const { client, liam } = clinic();
    client.addDocument(liam.id, { title: 'Lab report' }, ['LDL 162 mg/dL']);
    renderApp(documentsOf(liam.id), client, { signedInAs: 'front_desk' });
    expect(await screen.findByText('Lab report')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Lab values/ })).toBeNull();
  });
});
