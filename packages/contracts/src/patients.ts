import Type from 'typebox';
import { CalendarDate, Instant, Nullable, PageQuery, Page, ServerOwned, Text, Uuid } from './common.js';

/** The one list of recorded sexes (the database's check constraint is built from it). */
export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export const Sex = Type.Enum(SEXES);
export type Sex = (typeof SEXES)[number];

export const Address = Type.Object(
  {
    line: Type.Optional(Type.String({ maxLength: 200 })),
    city: Type.Optional(Type.String({ maxLength: 100 })),
    state: Type.Optional(Type.String({ maxLength: 100 })),
    postalCode: Type.Optional(Type.String({ maxLength: 20, pattern: '^[A-Za-z0-9 -]*$' })),
    country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 code' })),
  },
  { additionalProperties: false },
);

export const ContactConsent = Type.Object(
  { sms: Type.Boolean(), email: Type.Boolean() },
  { additionalProperties: false },
);

const patientFields = {
  givenName: Text(100),
  familyName: Text(100),
  birthDate: CalendarDate,
  sex: Sex,
  phone: Nullable(
    Type.String({
      pattern: '^\\+?[0-9][0-9 ().-]{5,22}[0-9]$',
      description: 'Digits with optional +, spaces, dots, dashes and parentheses; 7 to 15 digits',
    }),
  ),
  email: Nullable(Type.String({ format: 'email', maxLength: 254 })),
  address: Nullable(Address),
  preferredLanguage: Nullable(
    Type.String({
      pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$',
      description: 'BCP 47 tag, e.g. en or es-MX',
    }),
  ),
  contactConsent: Type.Optional(ContactConsent),
};

/** Body of POST /api/patients. */
export const PatientInput = Type.Object(patientFields, { additionalProperties: false });
export type PatientInput = Type.Static<typeof PatientInput>;

/** Body of PUT /api/patients/:id: replaces every editable field; a GET body is accepted as it is. */
export const PatientReplace = Type.Object(
  { ...patientFields, ...ServerOwned, mrn: Type.Optional(Type.String()) },
  { additionalProperties: false },
);
export type PatientReplace = Type.Static<typeof PatientReplace>;

export const Patient = Type.Object(
  {
    id: Uuid,
    mrn: Type.String({ description: 'Medical record number, unique and human-readable' }),
    givenName: Type.String(),
    familyName: Type.String(),
    birthDate: CalendarDate,
    sex: Sex,
    phone: Type.Union([Type.String(), Type.Null()]),
    email: Type.Union([Type.String(), Type.Null()]),
    address: Type.Union([Address, Type.Null()]),
    preferredLanguage: Type.Union([Type.String(), Type.Null()]),
    contactConsent: ContactConsent,
    createdAt: Instant,
    updatedAt: Instant,
    version: Type.Integer({ minimum: 1 }),
  },
  { $id: 'Patient', additionalProperties: false },
);
export type Patient = Type.Static<typeof Patient>;

export const PatientListQuery = Type.Object(
  {
    q: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'Name (prefix, fuzzy), phone, email or MRN' }),
    ),
    birthDate: Type.Optional(CalendarDate),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type PatientListQuery = Type.Static<typeof PatientListQuery>;

export const PatientCreateQuery = Type.Object(
  {
    allowDuplicate: Type.Optional(
      Type.Boolean({ description: 'Create even when a patient with the same name and birth date exists' }),
    ),
  },
  { additionalProperties: false },
);

export const PatientPage = Page(Patient);
export type PatientPage = Type.Static<typeof PatientPage>;
