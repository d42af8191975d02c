import { describe, expect, it } from 'vitest';
import { deidentifier } from './index.js';

const JOSE = {
  givenName: 'José',
  familyName: 'Müller-García',
  birthDate: '1943-01-21',
  mrn: 'MC0000042',
  phone: '+1 (608) 555-0147',
  email: 'jose.muller@example.org',
  address: { line: '11 Main Street', city: 'Madison', state: 'NY', postalCode: '10001' },
};

describe('layer 1: what we hold about the patient, however it is written', () => {
  const d = deidentifier([JOSE]);
  it.each([
    ['José', '[PATIENT_1_GIVEN]'],
    ['JOSE', '[PATIENT_1_GIVEN]'],
    ['jose', '[PATIENT_1_GIVEN]'],
    ['Jose’s', '[PATIENT_1_GIVEN]’s'],
    ['Müller-García', '[PATIENT_1_FAMILY]'],
    ['MULLER GARCIA', '[PATIENT_1_FAMILY]'],
    ['Mr Garcia', 'Mr [PATIENT_1_FAMILY_2]'],
    ['muller', '[PATIENT_1_FAMILY_1]'],
    ['1943-01-21', '[PATIENT_1_BIRTH_DATE]'],
    ['01/21/1943', '[PATIENT_1_BIRTH_DATE]'],
    ['21.01.1943', '[PATIENT_1_BIRTH_DATE]'],
    ['21/1/43', '[PATIENT_1_BIRTH_DATE]'],
    ['January 21, 1943', '[PATIENT_1_BIRTH_DATE]'],
    ['21 Jan 1943', '[PATIENT_1_BIRTH_DATE]'],
    ['21st of January 1943', '[PATIENT_1_BIRTH_DATE]'],
    ['mc0000042', '[PATIENT_1_MRN]'],
    ['MC 0000042', '[PATIENT_1_MRN]'],
    ['(608) 555-0147', '[PATIENT_1_PHONE]'],
    ['608.555.0147', '[PATIENT_1_PHONE]'],
    ['+16085550147', '[PATIENT_1_PHONE]'],
    ['JOSE.MULLER@EXAMPLE.ORG', '[PATIENT_1_EMAIL]'],
    ['11 Main St.', '[PATIENT_1_STREET]'],
    ['Main Street', '[PATIENT_1_STREET]'],
    ['Madison', '[PATIENT_1_CITY]'],
    ['10001', '[PATIENT_1_POSTAL_CODE]'],
  ])('%s → %s', (text, expected) => expect(d.scrub(text)).toBe(expected));

  it('does not take a name inside another word', () => {
    expect(d.scrub('Josefina and Mullerton')).toBe('Josefina and Mullerton');
  });

  it('puts the values back in what the user is shown, also when a stream cuts a placeholder in two', () => {
    const sent = d.scrub('How is José Müller-García (born 21 Jan 1943) doing?');
    expect(sent).toBe('How is [PATIENT_1_GIVEN] [PATIENT_1_FAMILY] (born [PATIENT_1_BIRTH_DATE]) doing?');
    expect(d.restore('[PATIENT_1_GIVEN]’s LDL is 162 mg/dL.')).toBe('José’s LDL is 162 mg/dL.');
    const stream = d.restoreStream();
    const pieces = ['Dear [PATI', 'ENT_1_GIV', 'EN] [PATIENT_1_FAM', 'ILY], your [', 'note] stays.'];
    expect(pieces.map((p) => stream.push(p)).join('') + stream.flush()).toBe(
      'Dear José Müller-García, your [note] stays.',
    );
  });
});

describe('layer 2: anything shaped like an identifier', () => {
  it.each([
    ['write to ana.lopez@correo.es', 'write to [EMAIL_1]'],
    ['seen 3 March 2026', 'seen [DATE_1]'],
    ['seen March 3rd, 2026', 'seen [DATE_1]'],
    ['seen on Tuesday, 3 March', 'seen on [DATE_1]'],
    ['seen 2026-03-03T09:30:00Z', 'seen [DATE_1]'],
    ['seen 03/03/2026', 'seen [DATE_1]'],
    ['since March 2026', 'since [DATE_1]'],
    ['lives at 42 Rue de la Paix', 'lives at [ADDRESS_1]'],
    ['lives at Hauptstraße 5', 'lives at [ADDRESS_1]'],
    ['at 7 Elm Rd., Apt 4B', 'at [ADDRESS_1]'],
    ['in Madison NY 10001', 'in [ADDRESS_1]'],
    ['postcode SW1A 1AA', 'postcode [POSTAL_CODE_1]'],
    ['call 020 7946 0018', 'call [PHONE_1]'],
    ['call +49 30 1234567', 'call [PHONE_1]'],
    ['call 555-0199', 'call [PHONE_1]'],
    ['insurance id XK-4471-0098', 'insurance id [ID_1]'],
    ['policy no. 99812734', 'policy no. [ID_1]'],
    ['SSN 123-45-6789', 'SSN [ID_1]'],
    ['card 1EG4TE5MK7201', 'card [ID_1]'],
    ['his wife Ingrid', 'his wife [NAME_1]'],
    ['daughter Ana', 'daughter [NAME_1]'],
    ['his sister Maria Lopez visits', 'his sister [NAME_1] visits'],
    ['emergency contact: Émile García', 'emergency contact: [NAME_1]'],
    ['Mrs Øberg called', 'Mrs [NAME_1] called'],
    ['my name is Zoë Ortiz', 'my name is [NAME_1]'],
  ])('%s → %s', (text, expected) => expect(deidentifier([]).scrub(text)).toBe(expected));

  it('leaves clinical numbers alone', () => {
    const text = 'LDL 162 mg/dL (< 130), HbA1c 7.2 %, BP 128/82 mmHg, vitamin D 50000 IU, LOINC 2093-3.';
    expect(deidentifier([]).scrub(text)).toBe(text);
  });

  it('gives the same value the same placeholder, and restores every one', () => {
    const d = deidentifier([]);
    const sent = d.scrub('Ingrid: 020 7946 0018. His wife Ingrid again on 020 7946 0018.');
    expect(sent).toBe('Ingrid: [PHONE_1]. His wife [NAME_1] again on [PHONE_1].');
    expect(d.restore(sent)).toBe('Ingrid: 020 7946 0018. His wife Ingrid again on 020 7946 0018.');
  });
});
