import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { sql } from 'drizzle-orm';
import type { AuditEvent, AuditPage, Patient } from '@medicare/contracts';
import { auditEvents } from '../../src/db/schema/index.js';
import { createTestApp, type Caller, type Inject, type TestContext } from '../support/app.js';
import { createPatient, createPractitioner, patientInput, slot } from '../support/factories.js';

let ctx: TestContext;
let desk: Caller;
let doctorId: string;
beforeAll(async () => {
  ctx = await createTestApp();
  desk = await ctx.as('front_desk');
  doctorId = (await createPractitioner(ctx)).id;
});
afterAll(() => ctx.close());

/** Runs one request and returns the audit events it wrote (found by its request id). */
async function eventsOf(client: Inject, request: InjectOptions) {
  const requestId = `audit-${Math.random().toString(36).slice(2)}`;
  const res = await client({
    ...request,
    headers: { ...request.headers, 'x-request-id': requestId, 'user-agent': 'audit-test/1.0' },
    remoteAddress: '10.9.8.7',
  });
  const rows = await ctx.database.db
    .select()
    .from(auditEvents)
    .where(sql`${auditEvents.requestId} = ${requestId}`);
  return { res, rows };
}

describe('every call on patient data leaves exactly one event', () => {
  let p: Patient;
  beforeAll(async () => {
    p = await createPatient(ctx);
  });

  const cases: [
    string,
    () => InjectOptions,
    {
      action: string;
      resourceType: string;
      outcome: string;
      status: number;
      resourceId?: () => string | null;
      patientId?: () => string | null;
    },
  ][] = [
    [
      'read',
      () => ({ url: `/api/patients/${p.id}` }),
      {
        action: 'read',
        resourceType: 'patient',
        outcome: 'success',
        status: 200,
        resourceId: () => p.id,
        patientId: () => p.id,
      },
    ],
    [
      'update',
      () => ({
        method: 'PUT',
        url: `/api/patients/${p.id}`,
        payload: { ...patientInput(), givenName: p.givenName },
      }),
      {
        action: 'update',
        resourceType: 'patient',
        outcome: 'success',
        status: 200,
        resourceId: () => p.id,
        patientId: () => p.id,
      },
    ],
    [
      'read of an unknown id',
      () => ({ url: '/api/patients/00000000-0000-4000-8000-000000000009' }),
      {
        action: 'read',
        resourceType: 'patient',
        outcome: 'error',
        status: 404,
        resourceId: () => '00000000-0000-4000-8000-000000000009',
      },
    ],
    [
      'a denied delete',
      () => ({ method: 'DELETE', url: `/api/patients/${p.id}` }),
      {
        action: 'denied',
        resourceType: 'patient',
        outcome: 'denied',
        status: 403,
        resourceId: () => p.id,
        patientId: () => p.id,
      },
    ],
  ];

  it.each(cases)('%s', async (_name, build, want) => {
    const { res, rows } = await eventsOf(desk, build());
    expect(res.statusCode).toBe(want.status);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actorId: desk.userId,
      actorRole: 'front_desk',
      action: want.action,
      resourceType: want.resourceType,
      outcome: want.outcome,
      ip: '10.9.8.7',
      userAgent: 'audit-test/1.0',
      ...(want.resourceId ? { resourceId: want.resourceId() } : {}),
      ...(want.patientId ? { patientId: want.patientId() } : {}),
    });
  });

  it('a create records the new patient’s id', async () => {
    const { res, rows } = await eventsOf(desk, {
      method: 'POST',
      url: '/api/patients',
      payload: patientInput(),
    });
    expect(res.statusCode).toBe(201);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'create',
      outcome: 'success',
      resourceId: res.json().id,
      patientId: res.json().id,
    });
  });

  it('a search records the ids it returned', async () => {
    const { res, rows } = await eventsOf(desk, { url: `/api/patients?q=${encodeURIComponent(p.givenName)}` });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'search', resourceType: 'patient', outcome: 'success' });
    expect(rows[0]!.resultIds).toEqual(res.json<{ items: Patient[] }>().items.map((x) => x.id));
    expect(rows[0]!.resultIds).toContain(p.id);
  });

  it('a delete, by an admin', async () => {
    const victim = await createPatient(ctx);
    const { res, rows } = await eventsOf(ctx.inject, { method: 'DELETE', url: `/api/patients/${victim.id}` });
    expect(res.statusCode).toBe(204);
    expect(rows).toEqual([
      expect.objectContaining({
        action: 'delete',
        outcome: 'success',
        resourceId: victim.id,
        actorRole: 'admin',
      }),
    ]);
  });

  it('appointments: book, read, change and list, each one event naming the patient', async () => {
    const booked = await eventsOf(desk, {
      method: 'POST',
      url: '/api/appointments',
      payload: { patientId: p.id, practitionerId: doctorId, ...slot(200, 9) },
    });
    expect(booked.rows).toEqual([
      expect.objectContaining({
        action: 'create',
        resourceType: 'appointment',
        resourceId: booked.res.json().id,
        patientId: p.id,
        outcome: 'success',
      }),
    ]);
    const id = booked.res.json().id as string;
    const read = await eventsOf(desk, { url: `/api/appointments/${id}` });
    expect(read.rows).toEqual([expect.objectContaining({ action: 'read', resourceId: id, patientId: p.id })]);
    const changed = await eventsOf(desk, {
      method: 'PUT',
      url: `/api/appointments/${id}`,
      payload: { patientId: p.id, practitionerId: doctorId, ...slot(200, 10) },
    });
    expect(changed.rows).toEqual([
      expect.objectContaining({ action: 'update', resourceId: id, patientId: p.id, outcome: 'success' }),
    ]);
    const listed = await eventsOf(desk, { url: `/api/appointments/patient/${p.id}` });
    expect(listed.rows).toEqual([
      expect.objectContaining({ action: 'search', patientId: p.id, resultIds: [id] }),
    ]);
    const clash = await eventsOf(desk, {
      method: 'POST',
      url: '/api/appointments',
      payload: { patientId: p.id, practitionerId: doctorId, ...slot(200, 10) },
    });
    expect(clash.res.statusCode).toBe(409);
    expect(clash.rows).toEqual([
      expect.objectContaining({ action: 'create', outcome: 'error', patientId: p.id }),
    ]);
  });

  it('a patient reaching for another patient’s record: 404, recorded as denied', async () => {
    const other = await createPatient(ctx);
    const me = await createPatient(ctx);
    const patient = await ctx.as('patient', me.id);
    const { res, rows } = await eventsOf(patient, { url: `/api/patients/${other.id}` });
    expect(res.statusCode).toBe(404);
    expect(rows).toEqual([
      expect.objectContaining({
        action: 'read',
        outcome: 'denied',
        resourceId: other.id,
        actorRole: 'patient',
      }),
    ]);
  });
});

describe('the trail', () => {
  it('refuses UPDATE and DELETE in the database itself', async () => {
    await createPatient(ctx);
    const refused = { cause: expect.objectContaining({ message: expect.stringMatching(/append-only/) }) };
    await expect(
      ctx.database.db.execute(sql`update audit_events set outcome = 'success'`),
    ).rejects.toMatchObject(refused);
    await expect(ctx.database.db.execute(sql`delete from audit_events`)).rejects.toMatchObject(refused);
    await expect(ctx.database.db.execute(sql`truncate audit_events`)).rejects.toMatchObject(refused);
  });

  it('when the event cannot be written, the request fails and changes nothing', async () => {
    const shared = { ...ctx.database, close: async () => {} };
    const isolated = await createTestApp({ database: shared });
    const before = (await isolated.inject('/api/patients?limit=100')).json<{ items: Patient[] }>().items
      .length;
    await ctx.database.db.execute(
      sql`alter table audit_events add constraint refuse_all check (false) not valid`,
    );
    try {
      const res = await isolated.inject({
        method: 'POST',
        url: '/api/patients',
        payload: patientInput({ familyName: 'Unaudited' }),
      });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toMatchObject({ code: 'INTERNAL' });
      const read = await isolated.inject({ url: '/api/patients/00000000-0000-4000-8000-000000000001' });
      expect(read.statusCode).toBe(500);
    } finally {
      await ctx.database.db.execute(sql`alter table audit_events drop constraint refuse_all`);
    }
    const after = (await isolated.inject('/api/patients?q=Unaudited')).json<{ items: Patient[] }>().items;
    expect(after).toEqual([]);
    expect((await isolated.inject('/api/patients?limit=100')).json<{ items: Patient[] }>().items.length).toBe(
      before,
    );
    await isolated.close();
  });

  it('GET /api/audit filters by actor, patient, action and time, newest first, paged', async () => {
    const p = await createPatient(ctx);
    const reader = await ctx.as('clinician');
    await reader(`/api/patients/${p.id}`);
    await reader(`/api/patients/${p.id}`);
    const byPatient = (await ctx.inject(`/api/audit?patientId=${p.id}&action=read`)).json<AuditPage>();
    expect(byPatient.items).toHaveLength(2);
    expect(byPatient.items.every((e) => e.actorId === reader.userId)).toBe(true);
    const [newest, older] = byPatient.items as [AuditEvent, AuditEvent];
    expect(newest.at >= older.at).toBe(true);
    const paged = (await ctx.inject(`/api/audit?actorId=${reader.userId}&limit=1`)).json<AuditPage>();
    expect(paged.items).toHaveLength(1);
    const next = (
      await ctx.inject(`/api/audit?actorId=${reader.userId}&limit=1&cursor=${paged.nextCursor}`)
    ).json<AuditPage>();
    expect(next.items[0]!.id).not.toBe(paged.items[0]!.id);
    const future = (
      await ctx.inject(
        `/api/audit?actorId=${reader.userId}&from=${encodeURIComponent('2999-01-01T00:00:00Z')}`,
      )
    ).json<AuditPage>();
    expect(future.items).toEqual([]);
  });

  it('a patient sees who opened their record; the access log is audited too', async () => {
    const mine = await createPatient(ctx);
    const patient = await ctx.as('patient', mine.id);
    const nurse = await ctx.as('clinician');
    await nurse(`/api/patients/${mine.id}`);
    const log = await patient(`/api/patients/${mine.id}/access-log`);
    expect(log.statusCode).toBe(200);
    const events = log.json<AuditPage>().items;
    expect(events).toContainEqual(
      expect.objectContaining({ actorId: nurse.userId, action: 'read', patientId: mine.id }),
    );
    const again = (await patient(`/api/patients/${mine.id}/access-log`)).json<AuditPage>().items;
    expect(again[0]).toMatchObject({ actorId: patient.userId, resourceType: 'access_log' });
  });

  it('logs sign-ins, failed sign-ins and sign-outs', async () => {
    const before = new Date(Date.now() - 1000).toISOString();
    await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'nobody@audit.test', password: 'wrong-password-here' },
    });
    const failed = (
      await ctx.inject(`/api/audit?action=login_failed&from=${encodeURIComponent(before)}`)
    ).json<AuditPage>();
    expect(failed.items[0]).toMatchObject({ action: 'login_failed', outcome: 'denied', actorId: null });
  });
});
