import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import nodemailer from 'nodemailer';
import type { ReminderChannel } from '@medicare/contracts';
import type { Database } from '../../db/client.js';
import type { Config } from '../../config.js';
import { reminderOutbox } from '../../db/schema/index.js';

/** One message to one recipient; the reminder's id makes the send traceable (and the mail's Message-ID). */
export type OutgoingMessage = {
  reminderId: string;
  appointmentId: string;
  patientId: string;
  channel: ReminderChannel;
  to: string;
  subject: string;
  text: string;
};

/** A way out: SMTP, SNS, or the outbox. Answers the provider's message id, or throws. */
export type Channel = {
  /** What the status panel and logs call it. */
  readonly kind: 'smtp' | 'sns' | 'outbox';
  send(message: OutgoingMessage): Promise<{ providerMessageId: string }>;
  close?(): void;
};

export type Channels = Record<ReminderChannel, Channel>;

/** A send that will fail the same way every time (a phone number SNS cannot take): no retry. */
export class PermanentSendError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

export type SmtpConfig = Extract<Config['reminders']['email'], { kind: 'smtp' }>;

export function smtpChannel(config: SmtpConfig): Channel {
  // Bounded waits: a stalled server must not hold a worker (or a SIGTERM drain) for nodemailer's 2 minutes.
  const timeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };
  const transport = nodemailer.createTransport(
    config.url
      ? { url: config.url, ...timeouts }
      : {
          host: config.host,
          port: config.port,
          secure: config.port === 465,
          ...(config.user ? { auth: { user: config.user, pass: config.password ?? '' } } : {}),
          ...timeouts,
        },
  );
  return {
    kind: 'smtp',
    async send(message) {
      const info = await transport.sendMail({
        from: config.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        // The same reminder re-sent after a crash carries the same id, so mail systems can fold the two.
        messageId: `<reminder-${message.reminderId}@medicare-hub>`,
      });
      return { providerMessageId: info.messageId };
    },
    close: () => transport.close(),
  };
}

/** E.164, as SNS takes it: "+44 20 7946 0001" → "+442079460001"; anything without a country code is refused. */
export function e164(phone: string): string | undefined {
  const digits = phone.replace(/[\s().-]/g, '');
  return /^\+[1-9]\d{6,14}$/.test(digits) ? digits : undefined;
}

export function snsChannel(client: SNSClient): Channel {
  return {
    kind: 'sns',
    async send(message) {
      const phone = e164(message.to);
      if (!phone) throw new PermanentSendError('PHONE_NOT_E164');
      const result = await client.send(
        new PublishCommand({
          PhoneNumber: phone,
          Message: message.text,
          MessageAttributes: {
            'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
          },
        }),
      );
      if (!result.MessageId) throw new Error('SNS answered without a MessageId');
      return { providerMessageId: result.MessageId };
    },
    close: () => client.destroy(),
  };
}

/** The embedded mode: the message is kept for the desk (GET /api/appointment-reminders/outbox) instead of sent. */
export function outboxChannel(database: Pick<Database, 'db'>): Channel {
  return {
    kind: 'outbox',
    async send(message) {
      const [row] = await database.db
        .insert(reminderOutbox)
        .values({
          reminderId: message.reminderId,
          appointmentId: message.appointmentId,
          patientId: message.patientId,
          channel: message.channel,
          recipient: message.to,
          subject: message.subject || null,
          body: message.text,
          // Whole milliseconds, as the outbox's paging cursor carries them.
          createdAt: new Date(),
        })
        .returning({ id: reminderOutbox.id });
      return { providerMessageId: `outbox:${row!.id}` };
    },
  };
}

/** The channels config names: SMTP and SNS when configured, else the outbox. */
export function channelsFor(config: Config['reminders'], database: Pick<Database, 'db'>): Channels {
  const outbox = outboxChannel(database);
  return {
    email: config.email.kind === 'smtp' ? smtpChannel(config.email) : outbox,
    sms:
      config.sms.kind === 'sns'
        ? snsChannel(
            new SNSClient({
              region: config.sms.region,
              requestHandler: { connectionTimeout: 5_000, requestTimeout: 10_000 },
            }),
          )
        : outbox,
  };
}
