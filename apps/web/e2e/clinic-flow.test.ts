import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Appointment, AppointmentPage } from '@medicare/contracts';
import { browserForThisFile } from './support/browser';
import { ADMIN, adminApi, baseUrl, signIn, signInFirstTime } from './support/app';

const browser = browserForThisFile();

/** A weekday five weeks out: past the demo clinic's two weeks, so the whole day is free. */
function freeWeekday(): string {
  const day = new Date(Date.now() + 35 * 86_400_000);
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

async function fillPatient(page: Page, given: string, family: string, birthDate: string) {
  await page.getByLabel('Given name').fill(given);
  await page.getByLabel('Family name').fill(family);
  await page.getByLabel('Date of birth').fill(birthDate);
  await page.getByLabel('Sex').selectOption('female');
}

describe('a day at the front desk, in Chromium against the real server', () => {
  it('creates a patient, sees the duplicate warning, books from free slots, meets a conflict, reschedules, is refused arrival before the day and cancels', async () => {
    const family = `Quill${Date.now() % 100000}`;
    const consultation = await (await adminApi()).consultation();
    const page = await browser.context.newPage();
    await signIn(page, ADMIN.email, ADMIN.password, 'Today');

    // Field errors from the API's issues, next to the field.
    await page.getByRole('link', { name: 'Patients' }).click();
    await page.getByRole('link', { name: 'New patient' }).click();
    await fillPatient(page, 'Rosa', family, '2999-01-01');
    await page.getByRole('button', { name: 'Create patient' }).click();
    await page.getByText('Some fields need attention').waitFor();
    expect(await page.getByLabel('Date of birth').getAttribute('aria-invalid')).toBe('true');

    // Create the patient.
    await page.getByLabel('Date of birth').fill('1990-05-06');
    await page.getByRole('button', { name: 'Create patient' }).click();
    await page.getByRole('heading', { level: 1, name: `Rosa ${family}` }).waitFor();
    await page.getByText(/was added \(MRN MC/).waitFor();

    // The same person again: the duplicate warning names the existing record; create anyway.
    await page.goto(`${baseUrl()}/patients/new`);
    await fillPatient(page, 'Rosa', family, '1990-05-06');
    await page.getByRole('button', { name: 'Create patient' }).click();
    await page.getByText('This may be a patient who is already registered').waitFor();
    await page.getByRole('link', { name: `Open Rosa ${family}` }).waitFor();
    await page.getByRole('button', { name: 'Create anyway' }).click();
    await page.getByRole('heading', { level: 1, name: `Rosa ${family}` }).waitFor();
    const patientUrl = page.url();

    // Book from the patient's page on a free day.
    const date = freeWeekday();
    await page.getByRole('link', { name: 'Book appointment' }).click();
    await page.getByText(`Booking for Rosa ${family}`).waitFor();
    await page.getByLabel('Appointment type').selectOption({ label: 'Consultation · 30 min' });
    await page.getByLabel('Date').fill(date);
    await page.getByRole('heading', { level: 2, name: new RegExp(String(Number(date.slice(8)))) }).waitFor();

    // A second tab opens the same slot for another patient before the first books it.
    const other = await browser.context.newPage();
    await other.goto(`${baseUrl()}/schedule?date=${date}&type=${consultation.id}`);
    await other.getByRole('button', { name: 'Book 10:00 AM' }).click();
    const search = other.getByRole('combobox', { name: 'Patient' });
    await search.fill('Cohen');
    await other.getByRole('listbox', { name: 'Patients found' }).getByRole('option').first().waitFor();
    await search.press('ArrowDown');
    await search.press('Enter');
    await other.getByText(/^Patient: /).waitFor();

    await page.getByRole('button', { name: 'Book 10:00 AM' }).click();
    await page.getByLabel('Reason for the visit').fill('First visit');
    await page.getByRole('button', { name: 'Book appointment' }).click();
    await page.getByText(new RegExp(`Booked Rosa ${family} with Dr`)).waitFor();

    // The second tab's booking meets the API's conflict, shown plainly with the clashing appointment.
    await other.getByRole('button', { name: 'Book appointment' }).click();
    await other.getByText('That time is already taken').waitFor();
    await other.getByText(new RegExp(`It clashes with the appointment on .* for Rosa ${family}`)).waitFor();
    await other.close();

    // Reschedule to 11:00.
    await page.getByRole('button', { name: new RegExp(`10:00 AM.*Rosa ${family}`) }).click();
    await page.getByRole('button', { name: 'Reschedule' }).click();
    await page.getByLabel('New time').fill('11:00');
    await page.getByRole('button', { name: 'Move appointment' }).click();
    await page.getByText(/^Moved to /).waitFor();
    await page.getByRole('button', { name: new RegExp(`11:00 AM.*Rosa ${family}`) }).waitFor();
    expect(await page.getByRole('button', { name: 'Book 10:00 AM' }).isVisible()).toBe(true);

    // Five weeks ahead: not yet the day to mark arrival. Cancel, which asks first.
    await page.getByRole('button', { name: new RegExp(`11:00 AM.*Rosa ${family}`) }).click();
    expect(await page.getByRole('button', { name: 'Mark arrived' }).isDisabled()).toBe(true);
    await page.getByText(/^Can be marked arrived on/).waitFor();
    await page.getByRole('button', { name: 'Cancel appointment' }).click();
    await page.getByLabel('Reason (optional)').fill('Moved away');
    await page.getByRole('button', { name: 'Yes, cancel it' }).click();
    await page.getByText('Appointment cancelled.').waitFor();
    await page.getByRole('button', { name: new RegExp(`11:00 AM.*Rosa ${family}.*Cancelled`) }).waitFor();

    // The patient's page shows the appointment, and (for an admin) the access log.
    await page.goto(patientUrl);
    await page.getByRole('heading', { name: 'Upcoming appointments' }).waitFor();
    await page.getByRole('heading', { name: 'Access log' }).waitFor();
    await page.getByRole('cell', { name: 'You' }).first().waitFor();
    await page.close();
  });

  it('a patient signs in and sees only their own record and appointments', async () => {
    const api = await adminApi();
    const patients = (await api.patients()).items;
    // Pick a demo patient who has appointments, and another one who is not them.
    let mine: Appointment[] = [];
    let patient = patients[0]!;
    for (const candidate of patients) {
      const list = await api.call<AppointmentPage>(
        'GET',
        `/api/appointments/patient/${candidate.id}?limit=100`,
      );
      if (list.items.length > 0) {
        patient = candidate;
        mine = list.items;
        break;
      }
    }
    expect(mine.length).toBeGreaterThan(0);
    const password = 'velvet-harbor-compass-83';
    const email = `patient.${Date.now()}@e2e.medicare.test`;
    await api.createUser({
      email,
      name: `${patient.givenName} ${patient.familyName}`,
      role: 'patient',
      patientId: patient.id,
      password,
    });

    // A new person at a new browser: no staff session left over.
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    await signInFirstTime(page, email, password, 'lantern-meadow-quartz-19', `Hello, ${patient.givenName}`);
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['My care', 'Assistant']);

    const now = Date.now();
    const upcoming = mine.filter((a) => Date.parse(a.end) >= now);
    const upcomingCard = page.getByRole('region', { name: 'Upcoming appointments' });
    await upcomingCard.getByRole('listitem').first().waitFor();
    expect(await upcomingCard.getByRole('listitem').count()).toBe(upcoming.length);
    await page.getByRole('region', { name: 'My details' }).getByText(patient.mrn).waitFor();

    // Staff pages are not theirs, and another patient's record answers as missing.
    const stranger = patients.find((p) => p.id !== patient.id)!;
    await page.goto(`${baseUrl()}/patients/${stranger.id}`);
    await page.getByText('Your role does not give access to this page.').waitFor();

    // Book and cancel their own appointment.
    await page.goto(`${baseUrl()}/portal`);
    const booking = page.getByRole('region', { name: 'Book an appointment' });
    await booking.getByLabel('What for').selectOption({ label: 'Consultation · 30 min' });
    await booking.getByLabel('Day').fill(freeWeekday());
    await booking
      .getByRole('radio', { name: /^3:30 PM E[SD]T · Dr/ })
      .first()
      .check();
    await booking.getByRole('button', { name: 'Book appointment' }).click();
    await page.getByText(/^Booked: Consultation with Dr .+, 3:30–4:00 PM E[SD]T\.$/).waitFor();
    await upcomingCard.getByRole('listitem').nth(upcoming.length).waitFor();
    const cancelButtons = upcomingCard.getByRole('button', { name: /^Cancel appointment/ });
    await cancelButtons.last().click();
    await upcomingCard.getByRole('button', { name: 'Yes, cancel it' }).click();
    await page
      .getByText(/^Your appointment on \w{3} \d+ \w{3} \d{4}, 3:30 PM E[SD]T is cancelled\.$/)
      .waitFor();
    await page.close();
  });
});
