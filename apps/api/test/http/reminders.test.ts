import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { eq } from 'drizzle-orm';
import type {
  Appointment,
  OutboxPage,
  Patient,
  PatientInput,
  Practitioner,
  ReminderList,
} from '@medicare/contracts';
import { openPostgres, type Database } from '../../src/db/client.js';
import { auditEvents, reminders } from '../../src/db/schema/index.js';
import {
  createReminderWorker,
  outboxChannel,
  retryDelayMs,
  smtpChannel,
  snsChannel,
  type Channels,
} from '../../src/modules/reminders/index.js';
import { createTestApp, testConfig, type TestContext } from '../support/app.js';
import { bookAppointment, createPatient, createPractitioner } from '../support/factories.js';
import { startSmtpServer } from '../support/smtp.js';

const HOUR = 3_600_000;
let ctx: TestContext;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let doctor: Practitioner;

beforeAll(async () => {
  ctx = await createTestApp();
  smtp = await startSmtpServer();
  doctor = await createPractitioner(ctx, {
    givenName: 'Ana',
    familyName: 'Ruiz',
    specialty: 'Oncology',
    timeZone: 'America/Los_Angeles',
  });
});
afterAll(async () => {
  await ctx.close();
  await smtp.close();
});

let nextDay = 0;
/** A fresh 30-minute slot at 17:00 UTC (9:00 in Los Angeles), a different day each call, in 2031. */
function freshSlot() {
  const start = new Date(Date.UTC(2031, 0, 1 + ++nextDay, 17));
  return {
    start,
    body: { start: start.toISOString(), end: new Date(start.getTime() + 30 * 60_000).toISOString() },
  };
}

const consenting = (overrides: Partial<PatientInput> = {}) =>
  createPatient(ctx, {
    email: 'patient@example.org',
    preferredLanguage: 'en-US',
    contactConsent: { email: true, sms: true },
    ...overrides,
  });

/** Books a fresh slot with Dr Ruiz; `at` books a given slot with another practitioner (several at once). */
async function book(patient: Patient, extra: object = {}, at?: ReturnType<typeof freshSlot>) {
  const s = at ?? freshSlot();
  const appointment = await bookAppointment(ctx, {
    patientId: patient.id,
    practitionerId: at
      ? (
          await createPractitioner(ctx, {
            givenName: 'Ana',
            familyName: 'Ruiz',
            timeZone: 'America/Los_Angeles',
          })
        ).id
      : doctor.id,
    ...s.body,
    reason: 'Chemotherapy review',
    notes: 'Discuss biopsy results',
    ...extra,
  });
  return { appointment, start: s.start };
}

const remindersOf = async (id: string, caller = ctx.inject) => {
  const res = await caller({ url: `/api/appointments/${id}/reminders` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<ReminderList>().items;
};

const at = (start: Date, hoursBefore: number) => new Date(start.getTime() - hoursBefore * HOUR).toISOString();

function workerWith(channels: Channels, clock: () => Date, database: Pick<Database, 'db'> = ctx.database) {
  return createReminderWorker({ database, channels, clinicName: 'Riverside Clinic', maxAttempts: 3, clock });
}
const smtpChannels = (sms = outboxChannel(ctx.database)): Channels => ({
  email: smtpChannel({
    kind: 'smtp',
    url: smtp.url,
    port: smtp.port,
    from: 'Riverside Clinic <desk@riverside.test>',
  }),
  sms,
});

afterEach(() => {
  smtp.refuseNext(0);
});

describe('scheduling reminders with the appointment', () => {
  it('books one reminder per consented channel and offset (24 h and 2 h before)', async () => {
    const { appointment, start } = await book(await consenting());
    expect(await remindersOf(appointment.id)).toEqual([
      { channel: 'email', dueAt: at(start, 24), status: 'scheduled' },
      { channel: 'sms', dueAt: at(start, 24), status: 'scheduled' },
      { channel: 'email', dueAt: at(start, 2), status: 'scheduled' },
      { channel: 'sms', dueAt: at(start, 2), status: 'scheduled' },
    ]);
  });

  it('uses only the channels the patient consented to, and only with an address to send to', async () => {
    const none = await book(await consenting({ contactConsent: { email: false, sms: false } }));
    expect(await remindersOf(none.appointment.id)).toEqual([]);
    const smsOnly = await book(await consenting({ contactConsent: { email: false, sms: true } }));
    expect((await remindersOf(smsOnly.appointment.id)).map((r) => r.channel)).toEqual(['sms', 'sms']);
    const noAddress = await book(
      await consenting({ email: null, contactConsent: { email: true, sms: false } }),
    );
    expect(await remindersOf(noAddress.appointment.id)).toEqual([]);
  });

  it('moves them when the appointment is rescheduled, and cancels them when it is cancelled', async () => {
    const patient = await consenting({ contactConsent: { email: true, sms: false } });
    const { appointment } = await book(patient);
    const moved = freshSlot();
    const put = (body: object) =>
      ctx.inject({
        method: 'PUT',
        url: `/api/appointments/${appointment.id}`,
        payload: { patientId: patient.id, practitionerId: doctor.id, ...moved.body, ...body },
      });
    expect((await put({})).statusCode).toBe(200);
    expect(await remindersOf(appointment.id)).toEqual([
      { channel: 'email', dueAt: at(moved.start, 24), status: 'scheduled' },
      { channel: 'email', dueAt: at(moved.start, 2), status: 'scheduled' },
    ]);

    expect((await put({ status: 'cancelled' })).statusCode).toBe(200);
    expect((await remindersOf(appointment.id)).map((r) => r.status)).toEqual(['cancelled', 'cancelled']);

    // Booked again: fresh reminders beside the cancelled ones.
    expect((await put({ status: 'booked' })).statusCode).toBe(200);
    expect((await remindersOf(appointment.id)).map((r) => r.status).sort()).toEqual([
      'cancelled',
      'cancelled',
      'scheduled',
      'scheduled',
    ]);
  });

  it('cancels them when the appointment is deleted (the worker would not send them either)', async () => {
    const { appointment } = await book(await consenting());
    expect(
      (await ctx.inject({ method: 'DELETE', url: `/api/appointments/${appointment.id}` })).statusCode,
    ).toBe(204);
    const rows = await ctx.database.db
      .select()
      .from(reminders)
      .where(eq(reminders.appointmentId, appointment.id));
    expect(rows.map((r) => r.status)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
  });

  it('marks reminders already due at booking time skipped, never sends them', async () => {
    const patient = await consenting({ contactConsent: { email: true, sms: false } });
    // Three hours from now: the 24-hour reminder is already past, the 2-hour one is not.
    const start = new Date(Math.ceil((Date.now() + 3 * HOUR) / 60_000) * 60_000);
    const appointment = await bookAppointment(ctx, {
      patientId: patient.id,
      practitionerId: (await createPractitioner(ctx)).id,
      start: start.toISOString(),
      end: new Date(start.getTime() + 30 * 60_000).toISOString(),
    });
    expect(await remindersOf(appointment.id)).toEqual([
      { channel: 'email', dueAt: at(start, 24), status: 'skipped' },
      { channel: 'email', dueAt: at(start, 2), status: 'scheduled' },
    ]);
  });

  it('are read as the appointment is: the patient their own, audited; someone else’s is 404', async () => {
    const patient = await consenting();
    const { appointment } = await book(patient);
    const own = await ctx.as('patient', patient.id);
    const res = await own({
      url: `/api/appointments/${appointment.id}/reminders`,
      headers: { 'x-request-id': `reminders-${appointment.id}` },
    });
    expect(res.statusCode).toBe(200);
    const events = await ctx.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.requestId, `reminders-${appointment.id}`));
    expect(events).toMatchObject([
      {
        action: 'read',
        resourceType: 'appointment',
        resourceId: appointment.id,
        patientId: patient.id,
        outcome: 'success',
      },
    ]);

    const stranger = await ctx.as('patient', (await consenting()).id);
    const denied = await stranger({ url: `/api/appointments/${appointment.id}/reminders` });
    expect(denied.statusCode).toBe(404);
    expect(denied.json()).toMatchObject({ code: 'APPOINTMENT_NOT_FOUND' });
    const unknown = await ctx.inject({
      url: '/api/appointments/7f1d8c1e-0000-4000-8000-000000000000/reminders',
    });
    expect(unknown.statusCode).toBe(404);
    expect((await ctx.inject({ url: '/api/appointments/not-a-uuid/reminders' })).statusCode).toBe(400);
  });
});

describe('sending reminders', () => {
  it('mails the 24-hour reminder over a real SMTP server: recipient, date, time and zone, nothing clinical', async () => {
    const patient = await consenting({
      email: 'maria@example.org',
      contactConsent: { email: true, sms: false },
    });
    const { appointment, start } = await book(patient);
    const before = smtp.received.length;
    const worker = workerWith(smtpChannels(), () => new Date(start.getTime() - 23 * HOUR));
    const summary = await worker.runDue();
    expect(summary.sent).toBeGreaterThanOrEqual(1);
    const mine = smtp.received.slice(before).filter((m) => m.to.includes('maria@example.org'));
    expect(mine).toHaveLength(1);
    const mail = mine[0]!;
    const weekday = new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/Los_Angeles',
      weekday: 'long',
      month: 'long',
      day: 'numeric',
      year: 'numeric',
    }).format(start);
    expect(mail.header('subject')).toBe(
      `Appointment reminder: ${weekday}, 9:00 AM (PST, America/Los_Angeles)`,
    );
    expect(mail.from).toBe('desk@riverside.test');
    expect(mail.text).toContain(
      `at Riverside Clinic with Ana Ruiz on ${weekday} at 9:00 AM (PST, America/Los_Angeles)`,
    );
    for (const clinical of ['Chemotherapy', 'biopsy', 'Oncology', patient.givenName, patient.familyName]) {
      expect(mail.raw).not.toContain(clinical);
      expect(mail.text).not.toContain(clinical);
    }
    expect(await remindersOf(appointment.id)).toEqual([
      { channel: 'email', dueAt: at(start, 24), status: 'sent' },
      { channel: 'email', dueAt: at(start, 2), status: 'scheduled' },
    ]);
    const [row] = await ctx.database.db
      .select()
      .from(reminders)
      .where(eq(reminders.appointmentId, appointment.id))
      .orderBy(reminders.dueAt);
    expect(row).toMatchObject({ attempts: 1, providerMessageId: `<reminder-${row!.id}@medicare-hub>` });
  });

  it('texts over Amazon SNS (at the SDK boundary) in the patient’s language', async () => {
    const sns = mockClient(SNSClient);
    sns.on(PublishCommand).resolves({ MessageId: 'sns-message-1' });
    try {
      const patient = await consenting({
        phone: '+1 (415) 555-0100',
        preferredLanguage: 'es-MX',
        contactConsent: { email: false, sms: true },
      });
      const { appointment, start } = await book(patient);
      const channels: Channels = {
        email: outboxChannel(ctx.database),
        sms: snsChannel(new SNSClient({ region: 'us-east-1' })),
      };
      await workerWith(channels, () => new Date(start.getTime() - 23 * HOUR)).runDue();
      const calls = sns
        .commandCalls(PublishCommand)
        .filter((c) => c.args[0].input.PhoneNumber === '+14155550100');
      expect(calls).toHaveLength(1);
      const text = calls[0]!.args[0].input.Message!;
      expect(text).toMatch(
        /^Riverside Clinic: le recordamos su cita con Ana Ruiz el .+ a las 9:00 a\. ?m\. \(GMT-8, America\/Los_Angeles\)\.$/,
      );
      expect(text).not.toMatch(/Chemotherapy|biopsy|Oncology/);
      expect(calls[0]!.args[0].input.MessageAttributes).toEqual({
        'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
      });
      const rows = await ctx.database.db
        .select()
        .from(reminders)
        .where(eq(reminders.appointmentId, appointment.id));
      expect(rows.find((r) => r.status === 'sent')).toMatchObject({ providerMessageId: 'sns-message-1' });
    } finally {
      sns.restore();
    }
  });

  it('keeps messages in the outbox when no provider is configured; the desk reads it, a clinician may not', async () => {
    const patient = await consenting({
      phone: '+44 20 7946 0999',
      contactConsent: { email: false, sms: true },
    });
    const { appointment, start } = await book(patient);
    const outbox = outboxChannel(ctx.database);
    await workerWith({ email: outbox, sms: outbox }, () => new Date(start.getTime() - 23 * HOUR)).runDue();
    const desk = await ctx.as('front_desk');
    const res = await desk({ url: '/api/appointment-reminders/outbox?limit=100' });
    expect(res.statusCode).toBe(200);
    const mine = res.json<OutboxPage>().items.filter((m) => m.appointmentId === appointment.id);
    expect(mine).toEqual([
      expect.objectContaining({ channel: 'sms', recipient: '+44 20 7946 0999', subject: null }),
    ]);
    expect(mine[0]!.body).toContain('9:00 AM (PST, America/Los_Angeles)');
    expect((await (await ctx.as('clinician'))({ url: '/api/appointment-reminders/outbox' })).statusCode).toBe(
      403,
    );

    // Paged newest first with a cursor; a forged cursor is 400.
    const first = await desk({ url: '/api/appointment-reminders/outbox?limit=1' });
    const next = first.json<OutboxPage>().nextCursor;
    if (next) {
      const second = await desk({
        url: `/api/appointment-reminders/outbox?limit=1&cursor=${encodeURIComponent(next)}`,
      });
      expect(second.statusCode).toBe(200);
      expect(second.json<OutboxPage>().items[0]?.id).not.toBe(first.json<OutboxPage>().items[0]!.id);
    }
    expect((await desk({ url: '/api/appointment-reminders/outbox?cursor=forged' })).statusCode).toBe(400);
  });

  it('skips a reminder picked up only after the appointment began (the workers were down)', async () => {
    const patient = await consenting({
      email: 'late@example.org',
      contactConsent: { email: true, sms: false },
    });
    const { appointment, start } = await book(patient);
    const before = smtp.received.length;
    await workerWith(smtpChannels(), () => new Date(start.getTime() + HOUR)).runDue();
    expect(smtp.received.slice(before).filter((m) => m.to.includes('late@example.org'))).toHaveLength(0);
    expect((await remindersOf(appointment.id)).map((r) => r.status)).toEqual(['skipped', 'skipped']);
  });

  it('skips a reminder whose consent was withdrawn after booking', async () => {
    const patient = await consenting({ contactConsent: { email: true, sms: false } });
    const { appointment, start } = await book(patient);
    const {
      id: _id,
      version,
      createdAt: _c,
      updatedAt: _u,
      mrn: _m,
      ...body
    } = patient as Patient & { mrn?: string };
    const withdrawn = await ctx.inject({
      method: 'PUT',
      url: `/api/patients/${patient.id}`,
      headers: { 'if-match': `"${version}"` },
      payload: { ...body, contactConsent: { email: false, sms: false } },
    });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    const before = smtp.received.length;
    await workerWith(smtpChannels(), () => new Date(start.getTime() - 23 * HOUR)).runDue();
    expect(smtp.received.slice(before).filter((m) => m.to.includes('patient@example.org'))).toHaveLength(0);
    expect((await remindersOf(appointment.id)).map((r) => r.status)).toEqual(['skipped', 'scheduled']);
  });

  it('retries after the SMTP server refuses, later, and sends once', async () => {
    const patient = await consenting({
      email: 'retry@example.org',
      contactConsent: { email: true, sms: false },
    });
    const { appointment, start } = await book(patient);
    // Everything else due by then goes out first, so only this one meets the refusal.
    let now = new Date(start.getTime() - 23 * HOUR);
    await workerWith(smtpChannels(), () => new Date(now.getTime() - 60 * HOUR)).runDue();
    smtp.refuseNext(1);
    const worker = workerWith(smtpChannels(), () => now);
    const first = await worker.runDue();
    expect(first).toMatchObject({ retrying: 1, sent: 0 });
    const [row] = await ctx.database.db
      .select()
      .from(reminders)
      .where(eq(reminders.appointmentId, appointment.id))
      .orderBy(reminders.dueAt);
    expect(row).toMatchObject({
      status: 'scheduled',
      attempts: 1,
      lastError: expect.stringContaining('451'),
    });
    expect(row!.nextAttemptAt.getTime()).toBe(now.getTime() + retryDelayMs(1));

    // Not before its time…
    expect((await worker.runDue()).claimed).toBe(0);
    now = new Date(now.getTime() + retryDelayMs(1));
    expect(await worker.runDue()).toMatchObject({ sent: 1 });
    expect(smtp.received.filter((m) => m.to.includes('retry@example.org'))).toHaveLength(1);
    expect((await remindersOf(appointment.id))[0]).toMatchObject({ status: 'sent' });
  });

  it('gives up after the last attempt: failed', async () => {
    const patient = await consenting({ phone: '020 7946 0000', contactConsent: { email: false, sms: true } });
    const { appointment, start } = await book(patient);
    // A number without a country code: SNS cannot take it, no retry.
    const sns = mockClient(SNSClient);
    try {
      const channels = {
        email: outboxChannel(ctx.database),
        sms: snsChannel(new SNSClient({ region: 'us-east-1' })),
      };
      await workerWith(channels, () => new Date(start.getTime() - 23 * HOUR)).runDue();
      expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
    } finally {
      sns.restore();
    }
    expect((await remindersOf(appointment.id))[0]).toMatchObject({ status: 'failed' });
  });
});

describe('exactly once with two workers', () => {
  it('two workers (two connection pools on PostgreSQL) racing over the same due reminders send each once', async () => {
    const second: Database = ctx.database.url
      ? openPostgres({ url: ctx.database.url, poolMax: 4 })
      : ctx.database;
    try {
      const booked: Appointment[] = [];
      // All at one time (with eight practitioners): an hour before, all sixteen reminders are due.
      const shared = freshSlot();
      for (let i = 0; i < 8; i++) {
        const patient = await consenting({
          email: `race${i}@example.org`,
          contactConsent: { email: true, sms: false },
        });
        const b = await book(patient, {}, shared);
        booked.push(b.appointment);
      }
      const before = smtp.received.length;
      const clock = () => new Date(shared.start.getTime() - HOUR);
      const make = (database: Pick<Database, 'db'>) =>
        createReminderWorker({
          database,
          channels: smtpChannels(outboxChannel(database)),
          clinicName: 'Riverside Clinic',
          maxAttempts: 3,
          clock,
          batchSize: 2,
        });
      const [a, b] = await Promise.all([make(ctx.database).runDue(), make(second).runDue()]);
      const ours = smtp.received.slice(before).filter((m) => m.to.some((t) => t.startsWith('race')));
      // 8 appointments × (24 h and 2 h): 16 mails, each reminder's Message-ID once.
      expect(ours).toHaveLength(16);
      expect(new Set(ours.map((m) => m.header('message-id'))).size).toBe(16);
      expect(a.sent + b.sent).toBeGreaterThanOrEqual(16);
      for (const appointment of booked) {
        const rows = await ctx.database.db
          .select()
          .from(reminders)
          .where(eq(reminders.appointmentId, appointment.id));
        expect(rows.map((r) => [r.status, r.attempts])).toEqual([
          ['sent', 1],
          ['sent', 1],
        ]);
      }
    } finally {
      if (second !== ctx.database) await second.close();
    }
  });

  it('a claim whose worker died is taken over when its lease runs out, and the late finish is ignored', async () => {
    const patient = await consenting({
      email: 'lease@example.org',
      contactConsent: { email: true, sms: false },
    });
    const { appointment, start } = await book(patient);
    const now = new Date(start.getTime() - HOUR);
    // Everything due by then is sent first; then this appointment's 2-hour reminder is claimed and "lost".
    await workerWith(smtpChannels(), () => new Date(now.getTime() - 22 * HOUR)).runDue();
    await ctx.database.db
      .update(reminders)
      .set({ status: 'sending', attempts: 1, lockedUntil: new Date(now.getTime() - 1) })
      .where(eq(reminders.appointmentId, appointment.id))
      .returning();
    const before = smtp.received.length;
    expect(await workerWith(smtpChannels(), () => now).runDue()).toMatchObject({ sent: 2 });
    expect(smtp.received.slice(before).filter((m) => m.to.includes('lease@example.org'))).toHaveLength(2);
    const rows = await ctx.database.db
      .select()
      .from(reminders)
      .where(eq(reminders.appointmentId, appointment.id));
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([
      ['sent', 2],
      ['sent', 2],
    ]);
  });
});

describe('the worker with the app', () => {
  it('stopped mid-round (SIGTERM), it finishes the send in hand and gives the rest of its batch back at once', async () => {
    const shared = freshSlot();
    for (let i = 0; i < 3; i++) {
      const patient = await consenting({
        email: `stop${i}@example.org`,
        contactConsent: { email: true, sms: false },
      });
      await book(patient, {}, shared);
    }
    const ours = () => smtp.received.filter((m) => m.to.some((t) => t.startsWith('stop')));
    // Whatever else is due before these goes first, so the round below meets only these six.
    await workerWith(smtpChannels(), () => new Date(shared.start.getTime() - 25 * HOUR)).runDue();
    const clock = () => new Date(shared.start.getTime() - HOUR);
    const worker = createReminderWorker({
      database: ctx.database,
      channels: smtpChannels(),
      clinicName: 'Riverside Clinic',
      maxAttempts: 3,
      clock,
      batchSize: 4,
    });
    smtp.onNextMessage(() => void worker.stop());
    const first = await worker.runDue();
    expect(first).toMatchObject({ claimed: 4, sent: 1 });
    expect(ours()).toHaveLength(1);
    const sending = await ctx.database.db.select().from(reminders).where(eq(reminders.status, 'sending'));
    expect(sending).toEqual([]);
    // The next worker sends the other five, each once.
    await workerWith(smtpChannels(), clock).runDue();
    expect(ours()).toHaveLength(6);
    expect(new Set(ours().map((m) => m.header('message-id'))).size).toBe(6);
  });

  it('starts when the app is ready and drains on close (SIGTERM): nothing is left claimed', async () => {
    const patient = await consenting({
      email: 'drain@example.org',
      contactConsent: { email: true, sms: false },
    });
    const { appointment, start } = await book(patient);
    const before = smtp.received.length;
    // A second replica on the same database, its worker on; closing it must not close the shared database.
    const replica = await createTestApp({
      database: { ...ctx.database, close: async () => {} },
      clock: () => new Date(start.getTime() - HOUR),
      reminderChannels: smtpChannels(),
      config: {
        reminders: { ...testConfig().reminders, worker: { enabled: true, pollMs: 3_600_000 } },
      },
    });
    // Its first round began when it became ready; closing at once drains it: the claims it had not sent
    // yet go back (scheduled, the claim counted), none stays `sending` for a lease to run out.
    await replica.close();
    const rows = await ctx.database.db
      .select()
      .from(reminders)
      .where(eq(reminders.appointmentId, appointment.id));
    expect(rows.map((r) => r.attempts)).toEqual([1, 1]);
    expect(rows.filter((r) => r.status === 'sending')).toEqual([]);
    await workerWith(smtpChannels(), () => new Date(start.getTime() - HOUR)).runDue();
    expect(smtp.received.slice(before).filter((m) => m.to.includes('drain@example.org'))).toHaveLength(2);
    expect((await remindersOf(appointment.id)).map((r) => r.status)).toEqual(['sent', 'sent']);
  });
});
