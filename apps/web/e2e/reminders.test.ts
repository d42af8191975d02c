import { describe, expect, it } from 'vitest';
import type { Appointment, Patient, Practitioner, OutboxPage } from '@medicare/contracts';
import { browserForThisFile } from './support/browser';
import { adminApi, baseUrl, signIn } from './support/app';
import { checkAndShoot } from './support/check';
import {
  addDays,
  dateIn,
  formatDateTime,
  formatWallTime,
  isoWeekday,
  zoneName,
  zonedToInstant,
} from '../src/lib/time';

const browser = browserForThisFile();
const ZONE = 'America/Chicago';

/** A Wednesday at least three days ahead: inside the default working hours (Mon–Fri 8:00–18:00). */
function aWednesdayAhead(): string {
  let day = addDays(dateIn(new Date(), ZONE), 3);
  while (isoWeekday(day) !== 3) day = addDays(day, 1);
  return day;
}

describe('appointment reminders, in Chromium against the real server and its embedded worker', () => {
  it('the desk sees an appointment’s reminders scheduled, the due one kept in the outbox, and cancelling cancels the rest', async () => {
    const tag = Date.now() % 1_000_000;
    const api = await adminApi();
    const desk = { email: `desk.reminders.${tag}@e2e.medicare.test`, password: 'amber-kettle-reminder-62' };
    await api.createReadyUser({ ...desk, name: 'Rosa Desk', role: 'front_desk' });
    // A practitioner in Chicago (the browser is in New York): the reminders are said in her zone.
    const practitioner = await api.call<Practitioner>('POST', '/api/practitioners', {
      givenName: 'Iris',
      familyName: `Remind${tag}`,
      specialty: 'Family medicine',
      timeZone: ZONE,
    });
    const email = `nora.${tag}@example.test`;
    const patient = await api.call<Patient>('POST', '/api/patients?allowDuplicate=true', {
      givenName: 'Nora',
      familyName: `Vance${tag}`,
      birthDate: '1968-03-14',
      sex: 'female',
      email,
      preferredLanguage: 'en',
      contactConsent: { email: true, sms: false },
    });
    const book = (start: Date, override?: string) =>
      api.call<Appointment>('POST', '/api/appointments', {
        patientId: patient.id,
        practitionerId: practitioner.id,
        start: start.toISOString(),
        end: new Date(start.getTime() + 30 * 60_000).toISOString(),
        ...(override ? { override: { reason: override } } : {}),
      });

    // Days ahead: both reminders (24 h and 2 h before) wait, in words with her zone.
    const date = aWednesdayAhead();
    const later = zonedToInstant(date, '10:00', ZONE);
    await book(later);
    // Two hours and a little from now: its 2-hour reminder falls due during this test and the
    // embedded worker sends it to the outbox (no e-mail service is configured). The clock may be
    // outside her hours, so it is booked anyway, with a reason. The 30 s leave room for the booking
    // itself on a busy machine: a reminder already due at booking is never sent ("Not sent").
    const soon = new Date(Date.now() + 120 * 60_000 + 30_000);
    soon.setUTCMilliseconds(0);
    await book(soon, 'Fitted in today for the reminders test');

    const page = await browser.context.newPage();
    await signIn(page, desk.email, desk.password, 'Today');

    await page.goto(`${baseUrl()}/schedule?practitioner=${practitioner.id}&date=${date}`);
    await page.getByRole('button', { name: new RegExp(`10:00.*Vance${tag}`) }).click();
    const reminders = page.getByRole('region', { name: 'Reminders' });
    await reminders.getByRole('listitem').nth(1).waitFor();
    const due = (minutes: number) => formatDateTime(new Date(later.getTime() - minutes * 60_000), ZONE);
    expect(await reminders.getByRole('listitem').allTextContents()).toEqual([
      `E-mail · ${due(24 * 60)} · Scheduled`,
      `E-mail · ${due(120)} · Scheduled`,
    ]);
    expect(due(120)).toMatch(/^Wed \d+ \w{3} \d{4}, 8:00 AM C[SD]T$/);
    await checkAndShoot(page, 'reminders-scheduled');

    // The worker sends the soon one's 2-hour reminder; the desk finds it on the Reminders page.
    await expect
      .poll(
        async () =>
          (await api.call<OutboxPage>('GET', '/api/appointment-reminders/outbox?limit=100')).items.some(
            (m) => m.recipient === email,
          ),
        { timeout: 90_000, interval: 1_000 },
      )
      .toBe(true);
    await page.getByRole('link', { name: 'Reminders' }).click();
    await page.getByRole('heading', { level: 1, name: 'Reminder outbox' }).waitFor();
    const outbox = page.getByRole('table', { name: /Reminders kept for the desk/ });
    const row = outbox.getByRole('row').filter({ hasText: email });
    await row.waitFor();
    expect(await row.count()).toBe(1);
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('E-mail');
    expect(text).toContain(`Iris Remind${tag}`);
    // The message says the appointment's time in words with her zone.
    expect(text).toContain(`${formatWallTime(soon, ZONE)} (${zoneName(ZONE, soon)}, ${ZONE})`);
    await checkAndShoot(page, 'reminders-outbox');

    // Its panel says so: the 24-hour one was already due at booking and is not sent; the 2-hour one went.
    await page.goto(`${baseUrl()}/schedule?practitioner=${practitioner.id}&date=${dateIn(soon, ZONE)}`);
    await page
      .getByRole('button', { name: new RegExp(`${formatWallTime(soon, ZONE)}.*Vance${tag}`) })
      .click();
    const sent = page.getByRole('region', { name: 'Reminders' });
    await sent.getByRole('listitem').nth(1).waitFor();
    const dueBefore = (minutes: number) => formatDateTime(new Date(soon.getTime() - minutes * 60_000), ZONE);
    expect(await sent.getByRole('listitem').allTextContents()).toEqual([
      `E-mail · ${dueBefore(24 * 60)} · Not sent`,
      `E-mail · ${dueBefore(120)} · Sent`,
    ]);

    // Cancelling the later appointment cancels its waiting reminders.
    await page.goto(`${baseUrl()}/schedule?practitioner=${practitioner.id}&date=${date}`);
    await page.getByRole('button', { name: new RegExp(`10:00.*Vance${tag}`) }).click();
    await page.getByRole('button', { name: /^Cancel appointment/ }).click();
    await page.getByRole('button', { name: 'Yes, cancel it' }).click();
    await page.getByText('Appointment cancelled.').first().waitFor();
    const after = page.getByRole('region', { name: 'Reminders' });
    await after.getByText('Cancelled').nth(1).waitFor();
    expect(await after.getByRole('listitem').allTextContents()).toEqual([
      `E-mail · ${due(24 * 60)} · Cancelled`,
      `E-mail · ${due(120)} · Cancelled`,
    ]);
    await checkAndShoot(page, 'reminders-cancelled');
    await page.close();
  });
});
