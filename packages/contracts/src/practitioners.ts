import Type from 'typebox';
import { Instant, Nullable, Page, PageQuery, ServerOwned, Text, Uuid } from './common.js';

const practitionerFields = {
  givenName: Text(100),
  familyName: Text(100),
  specialty: Nullable(Type.String({ maxLength: 100 })),
  timeZone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. Europe/Paris' }),
};

export const PractitionerInput = Type.Object(practitionerFields, { additionalProperties: false });
export type PractitionerInput = Type.Static<typeof PractitionerInput>;

/** Body of PUT /api/practitioners/:id; a GET body is accepted as it is. */
export const PractitionerReplace = Type.Object(
  { ...practitionerFields, ...ServerOwned },
  { additionalProperties: false },
);
export type PractitionerReplace = Type.Static<typeof PractitionerReplace>;

export const Practitioner = Type.Object(
  {
    id: Uuid,
    givenName: Type.String(),
    familyName: Type.String(),
    specialty: Type.Union([Type.String(), Type.Null()]),
    timeZone: Type.String(),
    createdAt: Instant,
    updatedAt: Instant,
    version: Type.Integer({ minimum: 1 }),
  },
  { $id: 'Practitioner', additionalProperties: false },
);
export type Practitioner = Type.Static<typeof Practitioner>;

export const PractitionerListQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
export type PractitionerListQuery = Type.Static<typeof PractitionerListQuery>;

export const PractitionerPage = Page(Practitioner);
export type PractitionerPage = Type.Static<typeof PractitionerPage>;
