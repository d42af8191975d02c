import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import type { AppointmentTypePage, Practitioner, PractitionerPage } from '@medicare/contracts';
import { launchBrowser } from './support/browser';
import { ADMIN, adminApi, baseUrl, signIn } from './support/app';
import { checkAndShoot } from './support/check';
import { addDays, zonedToInstant } from '../src/lib/time';

let context: BrowserContext;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ context, close } = await launchBrowser());
});
afterAll(async () => {
  await close?.();
});

/** The Tuesday of the week six weeks from now: past the demo clinic's appointments. */
function freeTuesday(): string {
  const day = new Date(Date.now() + 42 * 86_400_000);
  while (day.getUTCDay() !== 2) day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

describe('scheduling a clinic can run its day on, in Chromium against the real server', () => {
  it('an admin adds a practitioner in Los Angeles with hours and an appointment type; the desk books from her free slots', async () => {
    const family = `Park${Date.now() % 100000}`;
    const page = await context.newPage();
    await signIn(page, ADMIN.email, ADMIN.password, 'Today');

    // The practitioner, in her own time zone.
    await page.getByRole('link', { name: 'Practitioners' }).click();
    await page.getByRole('heading', { level: 1, name: 'Practitioners' }).waitFor();
    await page.getByRole('region', { name: 'Practitioners' }).waitFor();
    await checkAndShoot(page, 'practitioners');
    await page.getByLabel('Given name').fill('Lena');
    await page.getByLabel('Family name').fill(family);
    await page.getByLabel('Specialty').fill('Dermatology');
    await page.getByLabel('Time zone').selectOption('America/Los_Angeles');
    await page.getByRole('button', { name: 'Add practitioner' }).click();
    await page.getByText(`Dr Lena ${family} was added. Set their working hours next.`).waitFor();

    // Her week: Tuesdays 9:00–12:00 and 13:00–16:00 only; the rest of the week closed.
    const editor = page.getByRole('region', { name: `Working hours of Dr Lena ${family}` });
    await editor.getByText(/No hours are set yet/).waitFor();
    for (const day of ['Monday', 'Wednesday', 'Thursday', 'Friday'])
      await editor.getByRole('button', { name: `Remove ${day}, hours 1` }).click();
    const tuesday = editor.getByRole('group', { name: 'Tuesday' });
    await tuesday.getByLabel('Tuesday, hours 1, from').fill('09:00');
    await tuesday.getByLabel('Tuesday, hours 1, until').fill('12:00');
    await tuesday.getByRole('button', { name: 'Add hours on Tuesday' }).click();
    await tuesday.getByLabel('Tuesday, hours 2, from').fill('13:00');
    await tuesday.getByLabel('Tuesday, hours 2, until').fill('16:00');
    const date = freeTuesday();
    await editor.getByRole('button', { name: 'Add an exception' }).click();
    await editor
      .getByLabel('Date')
      .last()
      .fill(new Date(Date.parse(date) + 35 * 86_400_000).toISOString().slice(0, 10)); // leave, after the series
    await checkAndShoot(page, 'working-hours', editor);
    await editor.getByRole('button', { name: 'Save working hours' }).click();
    await page.getByText(`Working hours of Dr Lena ${family} were saved.`).waitFor();

    // A type she offers.
    const lena = (
      await (await adminApi()).call<PractitionerPage>('GET', '/api/practitioners?limit=100')
    ).items.find((p: Practitioner) => p.familyName === family)!;
    await page.getByRole('link', { name: 'Appointment types' }).click();
    await page.getByRole('heading', { level: 1, name: 'Appointment types' }).waitFor();
    await page.getByLabel('Name').fill(`Skin check ${family}`);
    await page.getByLabel('Length (minutes)').fill('45');
    await page.getByLabel('Kept free after (minutes)').fill('15');
    await page.getByLabel('Patients may book it themselves in the portal').check();
    await page.getByLabel(`Dr Lena ${family}`).check();
    await page.getByRole('button', { name: 'Add appointment type' }).click();
    await page.getByText(`Skin check ${family} was added.`).waitFor();
    await checkAndShoot(page, 'appointment-types');

    // The desk's schedule: only her hours, in her zone, 45 minutes plus 15 kept free.
    const skinCheck = (
      await (await adminApi()).call<AppointmentTypePage>('GET', '/api/appointment-types?limit=100')
    ).items.find((t) => t.name === `Skin check ${family}`)!;
    await page.goto(`${baseUrl()}/schedule?practitioner=${lena.id}&date=${date}&type=${skinCheck.id}`);
    const free = page.getByRole('list', { name: /^Free times on/ });
    await free.getByRole('button').first().waitFor();
    const times = await free.getByRole('button').allTextContents();
    expect(times[0]).toBe('Book 9:00 AM');
    expect(['Book 3:00 PM', 'Book 3:15 PM']).toContain(times.at(-1));
    expect(times).not.toContain('Book 5:00 AM');
    expect(times).not.toContain('Book 12:00 PM');

    // A weekly series of four for a demo patient; the third week's 9:00 is already taken: named, then skipped.
    const api = await adminApi();
    const someone = (await api.patients()).items[0]!;
    const third = zonedToInstant(addDays(date, 14), '09:00', 'America/Los_Angeles');
    await api.call('POST', '/api/appointments', {
      patientId: someone.id,
      practitionerId: lena.id,
      start: third.toISOString(),
      end: new Date(third.getTime() + 30 * 60_000).toISOString(),
    });
    await free.getByRole('button', { name: 'Book 9:00 AM' }).click();
    const panel = page.getByRole('region', { name: /^Book \w{3} \d/ });
    await panel
      .getByText(/PST|PDT/)
      .first()
      .waitFor();
    const search = panel.getByRole('combobox', { name: 'Patient' });
    await search.fill('Cohen');
    await page.getByRole('listbox', { name: 'Patients found' }).getByRole('option').first().waitFor();
    await search.press('ArrowDown');
    await search.press('Enter');
    await panel.getByText(/^Patient: /).waitFor();
    await panel.getByLabel('Repeat').selectOption({ label: 'Every week' });
    await panel.getByLabel('How many appointments').fill('4');
    await checkAndShoot(page, 'schedule-booking');
    await panel.getByRole('button', { name: 'Book 4 appointments' }).click();
    await panel.getByText('One date clashes: nothing was booked').waitFor();
    await checkAndShoot(page, 'schedule-series-clash', panel);
    await panel.getByRole('button', { name: 'Skip the clashes and book the rest' }).click();
    await page
      .getByText(
        /^Booked 3 appointments for .+ every week from \w{3} \d+ \w{3} \d{4}, 9:00 AM P[SD]T\. Skipped/,
      )
      .waitFor();
    await checkAndShoot(page, 'schedule-series');
    await page.close();
  });
});
