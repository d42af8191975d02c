import { describe, expect, it } from 'vitest';
import { languageOf, renderReminder } from './templates.js';

const facts = {
  clinicName: 'Riverside Clinic',
  practitionerName: 'Ana Ruiz',
  // 17:00 UTC on Tuesday 5 March 2030: 9:00 in Los Angeles (PST, before the change to daylight time).
  start: new Date('2030-03-05T17:00:00Z'),
  timeZone: 'America/Los_Angeles',
};

describe('reminder texts', () => {
  it('states date, time and time zone in the practitioner’s zone, in English by default', () => {
    const mail = renderReminder('email', { ...facts, language: null });
    expect(mail.subject).toBe(
      'Appointment reminder: Tuesday, March 5, 2030, 9:00 AM (PST, America/Los_Angeles)',
    );
    expect(mail.text).toContain(
      'at Riverside Clinic with Ana Ruiz on Tuesday, March 5, 2030 at 9:00 AM (PST, America/Los_Angeles)',
    );
    const sms = renderReminder('sms', { ...facts, language: 'en-US' });
    expect(sms.text).toBe(
      'Riverside Clinic: reminder of your appointment with Ana Ruiz on Tuesday, March 5, 2030 at 9:00 AM (PST, America/Los_Angeles).',
    );
    // Plain spaces only: an SMS stays in the GSM-7 alphabet.
    expect(sms.text).not.toMatch(/[\u00a0\u202f]/);
  });

  it('speaks Spanish to a patient who prefers it, with dates the Spanish way', () => {
    const mail = renderReminder('email', { ...facts, language: 'es-MX' });
    expect(mail.subject).toMatch(/^Recordatorio de cita: martes, 5 de marzo de 2030, 9:00/);
    expect(mail.text).toContain(
      'Le recordamos su cita en Riverside Clinic con Ana Ruiz el martes, 5 de marzo de 2030',
    );
    expect(mail.text).toContain('America/Los_Angeles');
  });

  it('falls back to English for a language without a text, and for a tag it cannot read', () => {
    expect(languageOf('fr-CA')).toEqual({ template: 'en', locale: 'en-US' });
    expect(languageOf(null)).toEqual({ template: 'en', locale: 'en-US' });
    expect(languageOf('ES')).toEqual({ template: 'es', locale: 'es' });
    expect(renderReminder('sms', { ...facts, language: 'de' }).text).toContain(
      'reminder of your appointment',
    );
  });

  it('follows daylight saving time: after the change the same wall-clock hour is PDT', () => {
    const text = renderReminder('sms', {
      ...facts,
      start: new Date('2030-03-12T16:00:00Z'),
      language: null,
    }).text;
    expect(text).toContain('Tuesday, March 12, 2030 at 9:00 AM (PDT, America/Los_Angeles)');
  });
});
