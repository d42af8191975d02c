import Type from 'typebox';
import { Instant, Page, PageQuery, ServerOwned, Uuid } from './common.js';

/** The one list of roles (tokens, the database's check constraint and the permission table use it). */
export const ROLES = ['admin', 'clinician', 'front_desk', 'patient'] as const;
export const Role = Type.Enum(ROLES);
export type Role = (typeof ROLES)[number];

/** The smallest password we accept; common and guessable ones are refused too. */
export const MIN_PASSWORD_LENGTH = 12;
const Password = Type.String({ minLength: MIN_PASSWORD_LENGTH, maxLength: 256 });

export const User = Type.Object(
  {
    id: Uuid,
    email: Type.String(),
    name: Type.String(),
    role: Role,
    patientId: Type.Union([Uuid, Type.Null()]),
    practitionerId: Type.Optional(
      Type.Union([Uuid, Type.Null()], {
        description: 'The practitioner a clinician user is (their "my day"); null for others',
      }),
    ),
    active: Type.Boolean(),
    createdAt: Instant,
    updatedAt: Instant,
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type User = Type.Static<typeof User>;

export const LoginInput = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);
export type LoginInput = Type.Static<typeof LoginInput>;

export const LoginResult = Type.Object(
  {
    accessToken: Type.String(),
    expiresIn: Type.Integer({ description: 'Seconds until the access token expires' }),
    idleTimeoutSeconds: Type.Integer({
      description:
        'The session ends after this long without an authenticated request; clients should sign out then too',
    }),
    user: User,
    passwordChangeRequired: Type.Optional(
      Type.Boolean({
        description:
          'true: an admin chose this password; the access token only allows POST /api/auth/password (and /me) until the user picks their own',
      }),
    ),
  },
  { additionalProperties: false },
);
export type LoginResult = Type.Static<typeof LoginResult>;

/** POST /api/auth/password: the signed-in user's own password. */
export const PasswordChangeInput = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 256 }),
    newPassword: Password,
  },
  { additionalProperties: false },
);
export type PasswordChangeInput = Type.Static<typeof PasswordChangeInput>;

export const UserCreateInput = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254 }),
    name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
    role: Role,
    patientId: Type.Optional(Uuid),
    practitionerId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    password: Password,
  },
  { additionalProperties: false },
);
export type UserCreateInput = Type.Static<typeof UserCreateInput>;

/**
 * PUT /api/users/:id: any of these; `active: false` deactivates and ends every session. A GET body
 * is accepted as it is; its e-mail address cannot change, so a different one is refused.
 */
export const UserUpdateInput = Type.Object(
  {
    ...ServerOwned,
    email: Type.Optional(Type.String({ maxLength: 254 })),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' })),
    role: Type.Optional(Role),
    patientId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    practitionerId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    active: Type.Optional(Type.Boolean()),
    password: Type.Optional(Password),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UserUpdateInput = Type.Static<typeof UserUpdateInput>;

export const UserListQuery = Type.Object(
  { role: Type.Optional(Role), active: Type.Optional(Type.Boolean()), ...PageQuery },
  { additionalProperties: false },
);
export type UserListQuery = Type.Static<typeof UserListQuery>;

export const UserPage = Page(User);
export type UserPage = Type.Static<typeof UserPage>;

export const Jwks = Type.Object(
  { keys: Type.Array(Type.Record(Type.String(), Type.String())) },
  { additionalProperties: false },
);
