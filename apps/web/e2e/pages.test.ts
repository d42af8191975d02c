import { beforeAll, describe, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserForThisFile } from './support/browser';
import { ADMIN, adminApi, baseUrl, signIn, signInFirstTime } from './support/app';
import { checkAndShoot } from './support/check';

const browser = browserForThisFile();

beforeAll(async () => {
  // Free times are found per appointment type: one every practitioner offers.
  await (await adminApi()).consultation();
});

/** The next weekday at 10:00 in New York, so the demo clinic's day is in full swing. */
function clinicMorning(): Date {
  const day = new Date();
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() + 1);
  return new Date(`${day.toISOString().slice(0, 10)}T15:00:00Z`);
}

/** Axe at both sizes, and the README's screenshot of what fits the window. */
const check = (page: Page, name: string) => checkAndShoot(page, name, 'viewport');

describe('every main page: no serious or critical accessibility violations, at desktop and 390 px', () => {
  it('staff pages, as the admin', async () => {
    const page = await browser.context.newPage();
    await page.clock.install({ time: clinicMorning() });
    await page.goto(`${baseUrl()}/signin`);
    await page.getByLabel('E-mail').waitFor();
    await check(page, 'sign-in');
    await signIn(page, ADMIN.email, ADMIN.password, 'Today');
    await page.getByRole('region', { name: /^Dr / }).first().waitFor();
    await check(page, 'today');

    await page.getByRole('link', { name: 'Patients' }).click();
    await page.getByRole('listbox', { name: 'Patients found' }).waitFor();
    await check(page, 'patients');

    await page.getByRole('option').first().click();
    await page.getByRole('heading', { name: 'Access log' }).waitFor();
    await check(page, 'patient');

    await page.goto(`${baseUrl()}/patients/new`);
    await page.getByLabel('Given name').waitFor();
    await check(page, 'patient-new');

    await page.goto(`${baseUrl()}/schedule`);
    await page.getByRole('list', { name: /^Schedule for/ }).waitFor();
    await check(page, 'schedule-day');
    await page.getByRole('button', { name: 'Week' }).click();
    await page.getByRole('heading', { name: /^Week of/ }).waitFor();
    await check(page, 'schedule-week');

    await page.goto(`${baseUrl()}/admin/users`);
    await page.getByText('(you)').waitFor();
    await check(page, 'users');

    await page.goto(`${baseUrl()}/admin/audit`);
    await page.getByRole('table').waitFor();
    await check(page, 'audit');
    await page.close();
  });

  it('the patient portal', async () => {
    const api = await adminApi();
    const patient = (await api.patients('Sofia')).items[0]!;
    const password = 'amber-tundra-violin-52';
    const email = `portal.${Date.now()}@e2e.medicare.test`;
    await api.createUser({
      email,
      name: `${patient.givenName} ${patient.familyName}`,
      role: 'patient',
      patientId: patient.id,
      password,
    });
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    await page.clock.install({ time: clinicMorning() });
    await signInFirstTime(page, email, password, 'lantern-meadow-quartz-19', `Hello, ${patient.givenName}`);
    await page.getByRole('region', { name: 'Upcoming appointments' }).waitFor();
    await check(page, 'portal');
    await page.close();
  });
});
