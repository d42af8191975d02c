import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/client.js';
import type { Clock } from '../../auth/principal.js';
import type { ReminderRow } from '../../db/schema/index.js';
import { PermanentSendError, type Channels } from './channels.js';
import { consentedChannels } from './schedule.js';
import { renderReminder } from './templates.js';
import * as repo from './reminders.repository.js';

export type ReminderWorkerOptions = {
  database: Pick<Database, 'db'>;
  channels: Channels;
  clinicName: string;
  maxAttempts: number;
  clock: Clock;
  /** How often an idle worker looks for due reminders. */
  pollMs?: number;
  /** How long a claim holds before another worker may take the reminder over (a worker died mid-send). */
  leaseMs?: number;
  batchSize?: number;
  log?: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
};

/** Waits before the next attempt after a failed one: 1, 2, 4, 8 … minutes, at most an hour. */
export const retryDelayMs = (attempts: number) => Math.min(60, 2 ** Math.max(0, attempts - 1)) * 60_000;

/** An error as the row and the log keep it: a code or class, never a message (it may quote an address). */
function errorCode(error: unknown): string {
  if (error instanceof PermanentSendError) return error.code;
  const e = error as { code?: unknown; responseCode?: unknown; name?: unknown };
  const parts = [e?.code, e?.responseCode, e?.name].filter(
    (p) => typeof p === 'string' || typeof p === 'number',
  );
  return parts.length > 0 ? parts.join(' ').slice(0, 100) : 'ERROR';
}

export type RunSummary = { claimed: number; sent: number; retrying: number; failed: number; dropped: number };

/**
 * Sends due reminders. Any number of workers may run against one database (one per appointments
 * replica): each claims rows in its own short transaction before sending, so no reminder is sent by two
 * (docs/decisions/110-reminders-table-is-the-queue.md). `runDue()` does one round; `start()` polls.
 */
export function createReminderWorker(options: ReminderWorkerOptions) {
  const { database, channels, clock, maxAttempts, log } = options;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const batchSize = options.batchSize ?? 20;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = true;
  /** Set by stop(): a round in progress finishes the send in hand, gives the rest of its batch back, ends. */
  let draining = false;

  async function deliver(claim: ReminderRow, summary: RunSummary): Promise<void> {
    const appt = await repo.findAppointmentContact(database.db, claim.appointmentId);
    // Cancelled, moved or deleted since it was scheduled (the patients service deletes appointments too).
    if (
      !appt ||
      appt.status !== 'booked' ||
      appt.deletedAt ||
      appt.patientDeletedAt ||
      appt.start.getTime() - claim.offsetMinutes * 60_000 !== claim.dueAt.getTime()
    ) {
      await repo.finishClaim(database.db, claim, { status: 'cancelled' });
      summary.dropped++;
      return;
    }
    // Consent withdrawn (or the address removed) after booking: not sent.
    if (!consentedChannels(appt).includes(claim.channel)) {
      await repo.finishClaim(database.db, claim, { status: 'skipped', lastError: 'NO_CONSENT' });
      summary.dropped++;
      return;
    }
    // Picked up only after the appointment began (the workers were down): too late to remind anyone.
    if (appt.start <= clock()) {
      await repo.finishClaim(database.db, claim, { status: 'skipped', lastError: 'APPOINTMENT_PASSED' });
      summary.dropped++;
      return;
    }
    const text = renderReminder(claim.channel, {
      clinicName: options.clinicName,
      practitionerName: appt.practitionerName,
      start: appt.start,
      timeZone: appt.timeZone,
      language: appt.language,
    });
    const now = clock();
    try {
      const { providerMessageId } = await channels[claim.channel].send({
        reminderId: claim.id,
        appointmentId: claim.appointmentId,
        patientId: appt.patientId,
        channel: claim.channel,
        to: claim.channel === 'email' ? appt.email! : appt.phone!,
        ...text,
      });
      await repo.finishClaim(database.db, claim, {
        status: 'sent',
        providerMessageId,
        sentAt: now,
        lastError: null,
      });
      summary.sent++;
    } catch (error) {
      const code = errorCode(error);
      const final = error instanceof PermanentSendError || claim.attempts >= maxAttempts;
      await repo.finishClaim(
        database.db,
        claim,
        final
          ? { status: 'failed', lastError: code }
          : {
              status: 'scheduled',
              lastError: code,
              nextAttemptAt: new Date(now.getTime() + retryDelayMs(claim.attempts)),
            },
      );
      if (final) summary.failed++;
      else summary.retrying++;
      log?.warn(
        { reminderId: claim.id, channel: claim.channel, attempt: claim.attempts, error: code, final },
        'reminder send failed',
      );
    }
  }

  /** One round: claims what is due now (in batches) and sends it. */
  async function runDue(): Promise<RunSummary> {
    const summary: RunSummary = { claimed: 0, sent: 0, retrying: 0, failed: 0, dropped: 0 };
    for (;;) {
      const claimed = await database.db.transaction((tx) => repo.claimDue(tx, clock(), leaseMs, batchSize));
      summary.claimed += claimed.length;
      for (const claim of claimed) {
        // Draining (SIGTERM): what is claimed but not yet sent goes back for the next worker, at once.
        if (draining) await repo.finishClaim(database.db, claim, { status: 'scheduled' });
        else await deliver(claim, summary);
      }
      if (claimed.length < batchSize || draining) break;
    }
    if (summary.claimed > 0) log?.info({ reminders: summary }, 'reminders delivered');
    return summary;
  }

  const pollMs = options.pollMs ?? 30_000;
  function round() {
    running = runDue()
      .catch((error: unknown) => log?.error({ error: errorCode(error) }, 'reminder worker round failed'))
      .finally(() => {
        running = undefined;
        if (stopped) return;
        timer = setTimeout(() => {
          timer = undefined;
          round();
        }, pollMs);
        timer.unref();
      });
  }

  return {
    runDue,
    /** Polls every pollMs (the first round right away) until stop(). */
    start() {
      if (!stopped) return;
      stopped = false;
      draining = false;
      round();
    },
    /** Stops polling and waits for the round in progress: SIGTERM drains it. */
    async stop() {
      stopped = true;
      draining = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}
