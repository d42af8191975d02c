import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../db/client.js';
import type { Clock } from '../../auth/principal.js';
import type { Config } from '../../config.js';
import { channelsFor, type Channels } from './channels.js';
import { appointmentRemindersRoutes, outboxRoutes } from './reminders.routes.js';
import { createRemindersService } from './reminders.service.js';
import { createReminderScheduler, type ReminderScheduler } from './schedule.js';
import { createReminderWorker } from './worker.js';

export { createReminderScheduler, type ReminderScheduler };
export { createReminderWorker, retryDelayMs } from './worker.js';
export {
  channelsFor,
  outboxChannel,
  smtpChannel,
  snsChannel,
  type Channel,
  type Channels,
} from './channels.js';
export { renderReminder } from './templates.js';

/** GET /api/appointments/:id/reminders (registered under the appointments prefix). */
export const appointmentRemindersModule: FastifyPluginAsyncTypebox<{ database: Database }> = async (
  app,
  { database },
) => {
  await app.register(appointmentRemindersRoutes, { service: createRemindersService(database) });
};

/**
 * /api/appointment-reminders: the outbox; and the worker, which runs in every process that mounts the appointments
 * service unless REMINDER_WORKER=false. It starts when the app is ready and drains on close (SIGTERM).
 */
export const remindersModule: FastifyPluginAsyncTypebox<{
  database: Database;
  config: Config['reminders'];
  clock: Clock;
  /** The ways out; by default what config names (SMTP, SNS, else the outbox). */
  channels?: Channels;
}> = async (app, { database, config, clock, channels = channelsFor(config, database) }) => {
  await app.register(outboxRoutes, { service: createRemindersService(database) });
  if (!config.worker.enabled) return;
  const worker = createReminderWorker({
    database,
    channels,
    clinicName: config.clinicName,
    maxAttempts: config.maxAttempts,
    clock,
    pollMs: config.worker.pollMs,
    log: app.log,
  });
  app.addHook('onReady', async () => {
    worker.start();
  });
  app.addHook('preClose', async () => {
    await worker.stop();
    for (const channel of new Set(Object.values(channels))) channel.close?.();
  });
};
