import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { clinic } from '../../../test/clinic';
import { renderApp } from '../../../test/render';

/** An export from an old system, as they come: semicolons, names in one column, dates every which way. */
const MESSY = [
  'Chart No;Patient;DOB;Gender;Mobile Nr;E-mail;Street;Town',
  'A-1;Dr Jane Smithson;01/31/1980;F;555 0100 2000;jane@example.org;1 Main St;Springfield',
  'A-2;"Okafor, Chidi";1975-07-04;M;;chidi@example.org;;Shelbyville',
  'A-3;Bad Date;31/31/1990;male;;;;',
  'A-4;;1980-01-01;F;;;;',
  'A-5;José Núñez;Jan 5 1962;1;+1 555 0123 4567;not-an-email;;',
  'A-6;Ana García;02.04.1980;female;+1 555 0100 1234;;;',
].join('\n');

const csvFile = (text: string | Uint8Array<ArrayBuffer>, name = 'old-system.csv') =>
  new File([text], name, { type: 'text/csv' });

/** What the page saves: the blob behind the link and the link's file name (no navigation happens). */
function captureDownloads() {
  const saved: { blob: Blob; name: string }[] = [];
  const blobs = new Map<string, Blob>();
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    const url = `blob:test/${blobs.size}`;
    blobs.set(url, blob as Blob);
    return url;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push({ blob: blobs.get(this.getAttribute('href') ?? '')!, name: this.download });
  });
  return saved;
}

afterEach(() => {
  vi.restoreAllMocks();
});

/** Signed in as the admin at the wizard, the messy file uploaded and its columns read. */
async function uploaded() {
  const setup = await clinic();
  const view = await renderApp('/admin/import', setup.api, { signedInAs: 'admin' });
  await view.user.upload(await screen.findByLabelText(/CSV file of patients/), csvFile(MESSY));
  await view.user.click(screen.getByRole('button', { name: 'Read the columns' }));
  await screen.findByRole('form', { name: 'Match the columns' });
  return { ...setup, ...view };
}

describe('CSV import of patients', () => {
  it('is in the admin navigation only; other roles get the page refused and nothing is called', async () => {
    const { api } = await clinic();
    const admin = await renderApp('/today', api, { signedInAs: 'admin' });
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    await admin.user.click(within(nav).getByRole('link', { name: 'Import' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Import patients' })).toBeInTheDocument();
    admin.unmount();

    for (const role of ['clinician', 'front_desk'] as const) {
      const view = await renderApp('/admin/import', api, { signedInAs: role });
      expect(await screen.findByText('Your role does not give access to this page.')).toBeInTheDocument();
      const links = within(screen.getByRole('navigation', { name: 'Main' })).getAllByRole('link');
      expect(links.map((l) => l.textContent)).not.toContain('Import');
      expect(view.client.calls.some((c) => String(c[0]).includes('Csv'))).toBe(false);
      view.unmount();
    }
  });

  it('maps the columns from the guess, previews the problems, imports, reports by reason and hands back the rejected rows', async () => {
    const { api, user, client } = await uploaded();
    const saved = captureDownloads();

    // The API's guess from the header, which the admin checks and completes.
    const form = screen.getByRole('form', { name: 'Match the columns' });
    expect(form.parentElement).toHaveTextContent('old-system.csv: 6 rows, 8 columns.');
    expect(screen.getByLabelText('Id in the other system')).toHaveValue('Chart No');
    expect(screen.getByLabelText('Full name, in one column')).toHaveValue('Patient');
    expect(screen.getByLabelText('Date of birth')).toHaveValue('DOB');
    expect(screen.getByLabelText('Sex')).toHaveValue('Gender');
    expect(screen.getByLabelText('City')).toHaveValue('Town');
    expect(screen.getByLabelText('Phone')).toHaveValue('');
    expect(screen.getByText('Not imported: “Mobile Nr”.')).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText('Phone'), 'Mobile Nr');
    expect(screen.getByText('Every column of the file is used.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Preview the first rows' }));

    // The first rows as they would be saved, each with its problems.
    const preview = await screen.findByRole('table', { name: 'First rows of the file' });
    const row = (line: number) =>
      within(preview)
        .getAllByRole('row')
        .find((r) => within(r).queryAllByRole('cell')[0]?.textContent === String(line))!;
    expect(row(2)).toHaveTextContent(/Jane Smithson\s*1980-01-31 · female.*555 0100 2000.*Ready/);
    expect(row(3)).toHaveTextContent(/Chidi Okafor\s*1975-07-04 · male/);
    expect(within(row(4)).getByRole('list', { name: 'Problems of line 4' })).toHaveTextContent(
      'Date of birth: is not a calendar date',
    );
    // One line per problem, even when the engine names one twice.
    const line5 = within(row(5)).getByRole('list', { name: 'Problems of line 5' });
    expect(
      within(line5)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Given name: must not be blank', 'Family name: must not be blank']);
    expect(row(6)).toHaveTextContent(/E-mail: must be an e-mail address/);
    expect(within(row(7)).getByText('Possibly already on file')).toBeInTheDocument();
    expect(
      screen.getByText(/The first 6 of 6 rows, as they would be saved\. 3 have problems, 1 may/),
    ).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Import 6 rows' }));
    expect(await screen.findByText('Import finished')).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Counts' })).toHaveTextContent(
      /Read\s*6\s*Imported\s*3\s*Updated\s*0\s*Skipped\s*0\s*Rejected\s*3/,
    );
    const reasons = screen.getByRole('table', { name: 'Rows rejected, skipped or flagged, by reason' });
    expect(
      within(reasons).getByRole('row', { name: /Date of birth: is not a calendar date 1/ }),
    ).toBeInTheDocument();
    expect(within(reasons).getByRole('row', { name: /likely duplicate .* 1/ })).toBeInTheDocument();
    const findings = screen.getByRole('table', { name: 'Rows to look at' });
    expect(
      within(findings).getByRole('row', { name: /A-3 Rejected Date of birth: is not a calendar date/ }),
    ).toBeInTheDocument();
    expect(within(findings).getByRole('row', { name: /A-6 Possible duplicate/ })).toBeInTheDocument();

    const [call] = client.calls.filter((c) => c[0] === 'runCsvImport');
    expect(call?.[2]).toEqual({
      mapping: expect.objectContaining({
        phone: 'Mobile Nr',
        birthDate: 'DOB',
        fullName: 'Patient',
      }) as unknown,
      dryRun: false,
    });
    // Stored as read: the name split, the US date, the sex code, the phone column chosen by hand.
    const jane = (await api.patients()).find((p) => p.familyName === 'Smithson');
    expect(jane).toMatchObject({
      givenName: 'Jane',
      birthDate: '1980-01-31',
      sex: 'female',
      phone: '555 0100 2000',
    });

    await user.click(screen.getByRole('button', { name: 'Download the 3 rejected rows (CSV)' }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]!.name).toBe('old-system-rejected.csv');
    const text = await saved[0]!.blob.text();
    const lines = text.trim().split(/\r?\n/);
    expect(lines).toHaveLength(4); // the header and the three rejected rows
    expect(lines[0]).toMatch(/problems/);
    expect(text).toMatch(/A-3.*31\/31\/1990/);
    expect(text).toMatch(/A-4/);
    expect(text).toMatch(/A-5.*not-an-email/);
    expect(text).not.toMatch(/A-1|Smithson/);
  });

  it('checks the whole file without saving, then imports; the same file again adds nobody twice', async () => {
    const { api, user } = await uploaded();
    const before = (await api.patients()).length;
    await user.click(screen.getByRole('button', { name: 'Preview the first rows' }));
    await user.click(
      await screen.findByRole('button', { name: 'Check the whole file first (saves nothing)' }),
    );
    expect(await screen.findByText('A dry run: nothing was saved')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Download the/ })).not.toBeInTheDocument();
    expect((await api.patients()).length).toBe(before);

    await user.click(screen.getByRole('button', { name: 'Import now' }));
    expect(await screen.findByText('Import finished')).toBeInTheDocument();
    const after = (await api.patients()).length;
    expect(after).toBe(before + 3);

    // The same file once more: recognised by its ids, nothing is added.
    await user.click(screen.getByRole('button', { name: 'Import another file' }));
    await user.upload(await screen.findByLabelText(/CSV file of patients/), csvFile(MESSY));
    await user.click(screen.getByRole('button', { name: 'Read the columns' }));
    await user.click(await screen.findByRole('button', { name: 'Preview the first rows' }));
    await user.click(await screen.findByRole('button', { name: 'Import 6 rows' }));
    expect(await screen.findByText('Import finished')).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Counts' })).toHaveTextContent(/Read\s*6\s*Imported\s*0\s*/);
    expect((await api.patients()).length).toBe(after);
  });

  it('says in words why a file cannot be read, and stays on the first step', async () => {
    const { api } = await clinic();
    const { user } = await renderApp('/admin/import', api, { signedInAs: 'admin' });
    await user.click(await screen.findByRole('button', { name: 'Read the columns' }));
    expect(screen.getByLabelText(/CSV file of patients/)).toHaveAccessibleDescription(/Choose a CSV file\./);

    const latin1 = new Uint8Array([...new TextEncoder().encode('name;dob\nJos'), 0xe9, 0x0a]);
    await user.upload(screen.getByLabelText(/CSV file of patients/), csvFile(latin1, 'latin1.csv'));
    await user.click(screen.getByRole('button', { name: 'Read the columns' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The file was not read');
    expect(alert).toHaveTextContent('This file cannot be read as CSV.');
    expect(alert).toHaveTextContent('not UTF-8');
    expect(screen.getByRole('listitem', { current: 'step' })).toHaveTextContent('Choose a file');
  });
});
