// Least privilege inside the database (issue 16): patients and appointments connect as their own PostgreSQL
// roles (migration 0008), which hold only their own tables. Their real HTTP flows pass as those roles; what
// belongs to another service is refused by the database itself.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestContext } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { bookAppointment, createPatient, createPractitioner, slot } from '../support/factories.js';
import { runRemindersAt } from '../support/reminders.js';

type ServiceRole = 'medicare_patients' | 'medicare_appointments';

describe('per-service database roles', () => {
  let database: TestDatabase;
  let patients: TestContext;
  let appointments: TestContext;
  let patientsStaff: Caller;
  let appointmentsStaff: Caller;

  /** Runs `work` with the one pooled connection switched to `role` (SET ROLE), as the service would run. */
  const as = async <T>(role: ServiceRole, work: () => Promise<T>): Promise<T> => {
    await database.db.execute(sql.raw(`set role ${role}`));
    try {
      return await work();
    } finally {
      await database.db.execute(sql.raw('reset role'));
    }
  };
  const refused = async (role: ServiceRole, statement: string) => {
    const error = await as(role, () => database.db.execute(sql.raw(statement))).then(
      () => undefined,
      (e: unknown) => e as { cause?: { message?: string } },
    );
    expect(error?.cause?.message, `${role}: ${statement}`).toMatch(/permission denied/);
  };

  beforeAll(async () => {
    // One connection, so SET ROLE applies to every query the app sends.
    database = await createTestDatabase({ poolMax: 1 });
    const shared = { ...database, close: async () => {} };
    patients = await createTestApp({ services: ['patients'], database: shared });
    appointments = await createTestApp({ services: ['appointments'], database: shared });
    // Signed-in staff (users and sessions are core's: created as the owner, before any SET ROLE).
    patientsStaff = await patients.as('admin');
    appointmentsStaff = await appointments.as('admin');
  });
  afterAll(async () => {
    await patients.close();
    await appointments.close();
    await database.close();
  });

  it('lets the patients service register, read and delete patients as medicare_patients', async () => {
    await as('medicare_patients', async () => {
      const patient = await createPatient(patientsStaff);
      expect((await patientsStaff(`/api/patients/${patient.id}`)).statusCode).toBe(200);
      const deleted = await patientsStaff({ method: 'DELETE', url: `/api/patients/${patient.id}` });
      expect(deleted.statusCode, deleted.body).toBe(204);
    });
  });

  it('lets the appointments service book for a patient as medicare_appointments', async () => {
    const patient = await createPatient(patientsStaff);
    await as('medicare_appointments', async () => {
      const practitioner = await createPractitioner(appointmentsStaff);
      const booked = await bookAppointment(appointmentsStaff, {
        patientId: patient.id,
        practitionerId: practitioner.id,
        ...slot(3, 9),
      });
      const listed = await appointmentsStaff(`/api/appointments/${booked.id}`);
      expect(listed.statusCode, listed.body).toBe(200);
      // Its reminders: scheduled with the booking, sent by its worker (to the outbox), read back.
      const reminders = await appointmentsStaff(`/api/appointments/${booked.id}/reminders`);
      expect(reminders.statusCode, reminders.body).toBe(200);
      expect(reminders.json<{ items: unknown[] }>().items).toHaveLength(2);
      const round = await runRemindersAt(
        appointments,
        new Date(new Date(booked.start).getTime() - 3_600_000),
      );
      expect(round.sent).toBe(2);
      const outbox = await appointmentsStaff('/api/appointment-reminders/outbox');
      expect(outbox.statusCode, outbox.body).toBe(200);
      const cancelled = await appointmentsStaff({
        method: 'DELETE',
        url: `/api/appointments/${booked.id}`,
      });
      expect(cancelled.statusCode, cancelled.body).toBe(204);
    });
  });

  it("refuses each service the other services' tables", async () => {
    await refused('medicare_appointments', 'select count(*) from users');
    await refused('medicare_appointments', 'select count(*) from conversations');
    await refused('medicare_appointments', 'select count(*) from observations');
    await refused('medicare_appointments', "update patients set family_name = 'x'");
    await refused('medicare_appointments', 'select action, patient_id from audit_events');
    await refused('medicare_patients', 'select count(*) from users');
    await refused('medicare_patients', 'select count(*) from refresh_tokens');
    await refused('medicare_patients', 'insert into practitioners default values');
    await refused('medicare_patients', 'select actor_id from audit_events');
    await refused('medicare_patients', 'delete from audit_events');
    await refused('medicare_patients', 'select count(*) from reminders');
    await refused('medicare_patients', 'select count(*) from reminder_outbox');
  });
});
