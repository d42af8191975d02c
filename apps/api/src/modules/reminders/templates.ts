import type { ReminderChannel } from '@medicare/contracts';

/**
 * What a reminder says. Minimum necessary (docs/security.md, "Reminders"): the clinic, the practitioner's
 * name, the date, time and time zone. Never the reason, notes, specialty or the patient's name: an SMS is
 * read on a lock screen and a mailbox may be shared.
 */
export type ReminderFacts = {
  clinicName: string;
  practitionerName: string;
  start: Date;
  /** The practitioner's IANA time zone: the clock the appointment is kept by. */
  timeZone: string;
  /** The patient's preferred language (BCP 47), if any. */
  language: string | null;
};

export type RenderedReminder = { subject: string; text: string };

type Parts = { clinic: string; practitioner: string; date: string; time: string; zone: string };

const TEMPLATES: Record<string, Record<ReminderChannel, (p: Parts) => RenderedReminder>> = {
  en: {
    email: (p) => ({
      subject: `Appointment reminder: ${p.date}, ${p.time} (${p.zone})`,
      text:
        `Hello,\n\nThis is a reminder of your appointment at ${p.clinic} with ${p.practitioner} ` +
        `on ${p.date} at ${p.time} (${p.zone}).\n\n` +
        `To change or cancel it, please contact the clinic.\n\n${p.clinic}\n`,
    }),
    sms: (p) => ({
      subject: '',
      text: `${p.clinic}: reminder of your appointment with ${p.practitioner} on ${p.date} at ${p.time} (${p.zone}).`,
    }),
  },
  es: {
    email: (p) => ({
      subject: `Recordatorio de cita: ${p.date}, ${p.time} (${p.zone})`,
      text:
        `Hola:\n\nLe recordamos su cita en ${p.clinic} con ${p.practitioner} ` +
        `el ${p.date} a las ${p.time} (${p.zone}).\n\n` +
        `Para cambiarla o cancelarla, póngase en contacto con la clínica.\n\n${p.clinic}\n`,
    }),
    sms: (p) => ({
      subject: '',
      text: `${p.clinic}: le recordamos su cita con ${p.practitioner} el ${p.date} a las ${p.time} (${p.zone}).`,
    }),
  },
};

/** Languages with a text of their own; any other falls back to English. */
export const REMINDER_LANGUAGES = Object.keys(TEMPLATES);

/** The template language and the locale dates are written in: es-MX → es (Mexican dates); fr → en. */
export function languageOf(preferred: string | null): { template: string; locale: string } {
  const tag = preferred?.trim();
  const base = tag?.split('-')[0]?.toLowerCase();
  if (tag && base && base in TEMPLATES) {
    try {
      return { template: base, locale: Intl.getCanonicalLocales(tag)[0] ?? base };
    } catch {
      return { template: base, locale: base };
    }
  }
  return { template: 'en', locale: 'en-US' };
}

export function renderReminder(channel: ReminderChannel, facts: ReminderFacts): RenderedReminder {
  const { template, locale } = languageOf(facts.language);
  // ICU writes narrow and no-break spaces ("9:00\u202fAM"): plain ones read the same and keep an SMS in GSM-7.
  const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');
  const at = (options: Intl.DateTimeFormatOptions) =>
    plain(new Intl.DateTimeFormat(locale, { timeZone: facts.timeZone, ...options }).format(facts.start));
  const shortZone =
    new Intl.DateTimeFormat(locale, { timeZone: facts.timeZone, timeZoneName: 'short' })
      .formatToParts(facts.start)
      .find((part) => part.type === 'timeZoneName')?.value ?? '';
  const zoneName = plain(shortZone);
  const parts: Parts = {
    clinic: facts.clinicName,
    practitioner: facts.practitionerName,
    date: at({ weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }),
    time: at({ hour: 'numeric', minute: '2-digit' }),
    zone: zoneName ? `${zoneName}, ${facts.timeZone}` : facts.timeZone,
  };
  return TEMPLATES[template]![channel](parts);
}
