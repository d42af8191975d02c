import { createReminderWorker, outboxChannel } from '../../src/modules/reminders/index.js';
import type { TestContext } from './app.js';

/** One worker round at `now` with every channel going to the outbox (the embedded mode), as the app's worker runs it. */
export function runRemindersAt(ctx: TestContext, now: Date) {
  const outbox = outboxChannel(ctx.database);
  return createReminderWorker({
    database: ctx.database,
    channels: { email: outbox, sms: outbox },
    clinicName: 'MediCare Hub Test Clinic',
    maxAttempts: 3,
    clock: () => now,
  }).runDue();
}
