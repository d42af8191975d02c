import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { launchBrowser } from './support/browser';
import { ADMIN, adminApi, signIn } from './support/app';
import { checkAndShoot } from './support/check';

let context: BrowserContext;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ context, close } = await launchBrowser());
});
afterAll(async () => {
  await close?.();
});

/**
 * An export from an old system as they come: a byte-order mark, Windows line ends, a blank line,
 * quoted names with commas, titles, dates in four formats, sex as codes, a name missing, a date that
 * is no date, an e-mail that is no e-mail, a cell a spreadsheet would run as a formula, and one of the
 * clinic's own patients again.
 */
function messyCsv(tag: string, existing: { givenName: string; familyName: string; birthDate: string }) {
  const rows = [
    'Legacy ID,Name,Birth date,Gender,Tel (mobile),Email,Address,City,Zip',
    `L-1,"Dr Jane Quill${tag}",01/31/1980,F,555 0100 2001,jane.${tag}@example.org,"1 Main St, Apt 2",Springfield,62701`,
    `L-2,"Okafor${tag}, Chidi",1975-07-04,M,,,,Shelbyville,`,
    '',
    `L-3,"Mrs Rosa Lind${tag}",31.01.1962,0,+1 555 0100 2003,,,,`,
    `L-4,"Tomas Berg${tag}",Jan 5 1948,1,,,,,`,
    `L-5,"Ida Wrong${tag}",31/31/1990,f,,,,,`,
    `L-6,,1980-01-01,F,,,,,`,
    `L-7,"=HYPERLINK(""http://x.example"")",1970-02-02,M,,not-an-email,,,`,
    `L-8,"${existing.givenName} ${existing.familyName}",${existing.birthDate},,,,,,`,
  ];
  return `\uFEFF${rows.join('\r\n')}\r\n`;
}

describe('CSV import of patients, in Chromium against the real server', () => {
  it('an admin maps, previews, imports a messy file, reads the report and downloads the rejected rows', async () => {
    const api = await adminApi();
    const [existing] = (await api.patients()).items;
    const tag = String(Date.now() % 100000);
    const csv = messyCsv(tag, existing!);

    await context.clearCookies();
    const page = await context.newPage();
    await signIn(page, ADMIN.email, ADMIN.password, 'Today');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Import', exact: true })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Import patients' }).waitFor();
    await page.getByLabel(/CSV file of patients/).setInputFiles({
      name: 'legacy-export.csv',
      mimeType: 'application/vnd.ms-excel', // what Windows calls a .csv: sent as text/csv all the same
      buffer: Buffer.from(csv, 'utf8'),
    });
    await page.getByRole('button', { name: 'Read the columns' }).click();

    // The guess from the header; the phone column has a name no guess knows, so the admin picks it.
    const form = page.getByRole('form', { name: 'Match the columns' });
    await form.waitFor();
    await page.getByText('legacy-export.csv').waitFor();
    expect(await form.getByLabel('Id in the other system').inputValue()).toBe('Legacy ID');
    expect(await form.getByLabel('Full name, in one column').inputValue()).toBe('Name');
    expect(await form.getByLabel('Date of birth').inputValue()).toBe('Birth date');
    expect(await form.getByLabel('Postal code').inputValue()).toBe('Zip');
    expect(await form.getByLabel('Phone').inputValue()).toBe('');
    await form.getByText('Not imported: “Tel (mobile)”.').waitFor();
    await form.getByLabel('Phone').selectOption('Tel (mobile)');
    await form.getByText('Every column of the file is used.').waitFor();
    await checkAndShoot(page, 'import-mapping');
    await form.getByRole('button', { name: 'Preview the first rows' }).click();

    const preview = page.getByRole('table', { name: 'First rows of the file' });
    await preview.waitFor();
    await page
      .getByText(
        /The first 8 of 8 rows, as they would be saved\. 3 have problems, 1 may already be on file\./,
      )
      .waitFor();
    await preview
      .getByRole('row', { name: new RegExp(`Jane Quill${tag}\\s*1980-01-31 · female.*Ready`) })
      .waitFor();
    await preview.getByRole('row', { name: new RegExp(`Rosa Lind${tag}\\s*1962-01-31`) }).waitFor();
    await preview
      .getByRole('row')
      .filter({ hasText: `Ida Wrong${tag}` })
      .getByText('Date of birth: is not a calendar date')
      .waitFor();
    await preview.getByText('Possibly already on file').waitFor();
    await checkAndShoot(page, 'import-preview');

    await page.getByRole('button', { name: 'Import 8 rows' }).click();
    await page.getByText('Import finished').waitFor();
    const counts = page.getByRole('region', { name: 'Counts' });
    expect((await counts.textContent())?.replace(/\s+/g, '')).toBe(
      'CountsRead8Imported5Updated0Skipped0Rejected3',
    );
    await page
      .getByRole('table', { name: 'Rows rejected, skipped or flagged, by reason' })
      .getByRole('row', { name: /likely duplicate/ })
      .waitFor();
    await checkAndShoot(page, 'import-report');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the 3 rejected rows (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('legacy-export-rejected.csv');
    const rejected = await readFile((await download.path())!, 'utf8');
    const lines = rejected.trim().split(/\r?\n/);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/problems/);
    expect(rejected).toContain(`Ida Wrong${tag}`);
    expect(rejected).toContain('L-6');
    // The formula cell comes back as text a spreadsheet will not run.
    expect(rejected).toContain(`'=HYPERLINK`);
    expect(rejected).not.toContain('Jane Quill');

    // What was imported is in the clinic, read as the old system meant it.
    const named = async (family: string) =>
      (await api.patients(family)).items.filter((p) => p.familyName === family);
    expect(await named(`Lind${tag}`)).toEqual([
      expect.objectContaining({ givenName: 'Rosa', birthDate: '1962-01-31', sex: 'female' }),
    ]);
    expect(await named(`Okafor${tag}`)).toEqual([
      expect.objectContaining({ givenName: 'Chidi', birthDate: '1975-07-04' }),
    ]);
    await page.close();
  });
});
