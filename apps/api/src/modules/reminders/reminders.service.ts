import type { OutboxPage, OutboxQuery, ReminderList } from '@medicare/contracts';
import type { Database } from '../../db/client.js';
import type { RequestContext } from '../../auth/principal.js';
import { requireScope } from '../../auth/scope.js';
import { audited } from '../../platform/audit.js';
import { keyset } from '../../lib/cursor.js';
import { notFound } from '../../lib/errors.js';
import * as repo from './reminders.repository.js';

const MISSING = { code: 'APPOINTMENT_NOT_FOUND', message: 'Appointment not found' } as const;
/** Newest first by (created_at, id). */
const newestFirst = keyset('instant', 'uuid');

export type RemindersService = ReturnType<typeof createRemindersService>;

/** Reading reminders: an appointment's (as reading the appointment), and the outbox (staff). Audited. */
export function createRemindersService(database: Pick<Database, 'db'>) {
  return {
    async ofAppointment(ctx: RequestContext, id: string): Promise<ReminderList> {
      const about = { action: 'read', resourceType: 'appointment', resourceId: id } as const;
      return audited(database, ctx, about, async (tx) => {
        const appt = await repo.findLiveAppointment(tx, id);
        if (!appt) throw notFound('APPOINTMENT_NOT_FOUND', 'Appointment');
        requireScope(ctx, 'appointment.read', appt.patientId, MISSING);
        const rows = await repo.remindersOf(tx, id);
        return {
          result: {
            items: rows.map((r) => ({ channel: r.channel, dueAt: r.dueAt.toISOString(), status: r.status })),
          },
          patientId: appt.patientId,
        };
      });
    },

    async outbox(ctx: RequestContext, query: OutboxQuery): Promise<OutboxPage> {
      const limit = query.limit ?? 20;
      const before = newestFirst.decode(query.cursor);
      return audited(database, ctx, { action: 'search', resourceType: 'reminder' }, async (tx) => {
        const rows = await repo.listOutbox(tx, limit, before && { at: before[0], id: before[1] });
        const page = newestFirst.page(rows, limit, (m) => [m.createdAt.toISOString(), m.id]);
        return {
          result: {
            items: page.items.map((m) => ({
              id: m.id,
              appointmentId: m.appointmentId,
              channel: m.channel,
              recipient: m.recipient,
              subject: m.subject,
              body: m.body,
              createdAt: m.createdAt.toISOString(),
            })),
            nextCursor: page.nextCursor,
          },
          resultIds: page.items.map((m) => m.id),
        };
      });
    },
  };
}
