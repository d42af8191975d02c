import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { launchBrowser } from './support/browser';
import { ADMIN, adminApi, baseUrl, signIn, signInFirstTime } from './support/app';

/** Screenshots go to test-results/; UPDATE_SCREENSHOTS=1 writes the ones the README shows instead. */
const shots = fileURLToPath(
  new URL(
    process.env.UPDATE_SCREENSHOTS ? '../../../docs/screenshots/' : '../../../test-results/screenshots/',
    import.meta.url,
  ),
);
const SIZES = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'mobile', width: 390, height: 844 },
] as const;

let context: BrowserContext;
let close: () => Promise<void>;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  // Free times are found per appointment type: one every practitioner offers.
  await (await adminApi()).consultation();
  ({ context, close } = await launchBrowser());
});
afterAll(async () => {
  await close?.();
});

/** The next weekday at 10:00 in New York, so the demo clinic's day is in full swing. */
function clinicMorning(): Date {
  const day = new Date();
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() + 1);
  return new Date(`${day.toISOString().slice(0, 10)}T15:00:00Z`);
}

async function check(page: Page, name: string) {
  for (const size of SIZES) {
    await page.setViewportSize({ width: size.width, height: size.height });
    await page
      .getByText(/Loading|Searching|Restoring/)
      .first()
      .waitFor({ state: 'detached' })
      .catch(() => undefined);
    await page.waitForLoadState('networkidle');
    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    const bad = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(bad, `${name} at ${size.name}`).toEqual([]);
    await page.screenshot({ path: `${shots}${name}-${size.name}.png` });
  }
}

describe('every main page: no serious or critical accessibility violations, at desktop and 390 px', () => {
  it('staff pages, as the admin', async () => {
    const page = await context.newPage();
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
    await context.clearCookies();
    const page = await context.newPage();
    await page.clock.install({ time: clinicMorning() });
    await signInFirstTime(page, email, password, 'lantern-meadow-quartz-19', `Hello, ${patient.givenName}`);
    await page.getByRole('region', { name: 'Upcoming appointments' }).waitFor();
    await check(page, 'portal');
    await page.close();
  });
});
