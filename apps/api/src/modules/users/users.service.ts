import type {
  ErrorIssue,
  User,
  UserCreateInput,
  UserListQuery,
  UserPage,
  UserUpdateInput,
} from '@medicare/contracts';
import type { Database, Executor } from '../../db/client.js';
import { sqlState } from '../../db/errors.js';
import type { UserRow } from '../../db/schema/index.js';
import { hashPassword, passwordProblem } from '../../auth/passwords.js';
import type { Clock, RequestContext } from '../../auth/principal.js';
import type { Revocations } from '../../auth/revocations.js';
import { offsetPaging } from '../../lib/cursor.js';
import { AppError, invalid, notFound } from '../../lib/errors.js';
import { expectedVersion, stale } from '../../lib/versioning.js';
import { insertAuditEvent } from '../../platform/audit.repository.js';
import { eventOf } from '../../platform/audit.js';
import { patientExists } from '../patients/index.js';
import { existingPractitionerIds } from '../practitioners/index.js';
import * as repo from './users.repository.js';

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    patientId: row.patientId,
    practitionerId: row.practitionerId,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

const UNIQUE_VIOLATION = '23505';

/** A patient-role user needs a live patient record; staff have none. */
async function checkPatientLink(
  ex: Executor,
  role: UserRow['role'],
  patientId: string | null | undefined,
): Promise<ErrorIssue[]> {
  if (role === 'patient') {
    if (!patientId) return [{ path: '/patientId', message: 'is required for the patient role' }];
    if (!(await patientExists(ex, patientId))) return [{ path: '/patientId', message: 'no such patient' }];
  } else if (patientId) {
    return [{ path: '/patientId', message: 'only the patient role has a patient record' }];
  }
  return [];
}

/** A clinician user may be linked to the practitioner they are ("my day"); no other role is. */
async function checkPractitionerLink(
  ex: Executor,
  role: UserRow['role'],
  practitionerId: string | null | undefined,
): Promise<ErrorIssue[]> {
  if (!practitionerId) return [];
  if (role !== 'clinician')
    return [{ path: '/practitionerId', message: 'only a clinician is linked to a practitioner' }];
  if (!(await existingPractitionerIds(ex, [practitionerId])).has(practitionerId))
    return [{ path: '/practitionerId', message: 'no such practitioner' }];
  return [];
}

export type UsersService = ReturnType<typeof createUsersService>;

/**
 * Ends every session of a user in the caller's transaction, and names them (the auth module owns
 * sessions; the composition root passes this in, so users never imports the module that signs users in).
 */
export type RevokeSessionsOf = (tx: Executor, userId: string, reason: string, at: Date) => Promise<string[]>;
/** Lifts an account's sign-in lock (auth's lockout, passed in for the same reason). */
export type LockLifter = { lift(email: string): Promise<void> };

export function createUsersService({
  database,
  clock,
  revokeSessions,
  revocations,
  lockout,
}: {
  database: Pick<Database, 'db'>;
  clock: Clock;
  revokeSessions: RevokeSessionsOf;
  revocations: Revocations;
  lockout: LockLifter;
}) {
  const { db } = database;
  return {
    async create(ctx: RequestContext, input: UserCreateInput): Promise<User> {
      const issues = [
        ...(await checkPatientLink(db, input.role, input.patientId)),
        ...(await checkPractitionerLink(db, input.role, input.practitionerId)),
      ];
      const weak = passwordProblem(input.password, [input.email, input.name]);
      if (weak) issues.push({ path: '/password', message: weak });
      if (issues.length > 0) throw invalid(issues);
      try {
        return await db.transaction(async (tx) => {
          const row = await repo.insertUser(tx, {
            email: input.email.trim().toLowerCase(),
            name: input.name.trim(),
            role: input.role,
            patientId: input.patientId ?? null,
            practitionerId: input.practitionerId ?? null,
            passwordHash: await hashPassword(input.password),
            // The admin chose it: the user picks their own at the first sign-in.
            mustChangePassword: true,
          });
          await insertAuditEvent(
            tx,
            eventOf(ctx, { action: 'create', resourceType: 'user', resourceId: row.id }, 'success'),
          );
          return toUser(row);
        });
      } catch (error) {
        if (sqlState(error) === UNIQUE_VIOLATION)
          throw new AppError('EMAIL_TAKEN', 'A user with this e-mail already exists');
        throw error;
      }
    },

    async get(id: string): Promise<User> {
      const row = await repo.findUser(db, id);
      if (!row) throw notFound('USER_NOT_FOUND', 'User');
      return toUser(row);
    },

    async list(query: UserListQuery): Promise<UserPage> {
      const limit = query.limit ?? 20;
      const offset = offsetPaging.decode(query.cursor);
      const page = offsetPaging.page(
        await repo.listUsers(db, { role: query.role, active: query.active, limit, offset }),
        limit,
        offset,
      );
      return { items: page.items.map(toUser), nextCursor: page.nextCursor };
    },

    /**
     * Changes a user. Deactivating one, changing their role or patient record, or setting their
     * password ends every session they have, on every service within seconds (auth/revocations.ts);
     * a password an admin sets must be changed by the user at their next sign-in.
     */
    async update(ctx: RequestContext, id: string, input: UserUpdateInput, ifMatch?: string): Promise<User> {
      const version = expectedVersion(ifMatch);
      const current = await repo.findUser(db, id);
      if (!current) throw notFound('USER_NOT_FOUND', 'User');
      if (version !== undefined && version !== current.version) throw stale();
      const role = input.role ?? current.role;
      const patientId =
        input.patientId === undefined ? (role === 'patient' ? current.patientId : null) : input.patientId;
      // Another role drops the link unless it is given again (and then refused).
      const practitionerId =
        input.practitionerId === undefined
          ? role === 'clinician'
            ? current.practitionerId
            : null
          : input.practitionerId;
      const issues = [
        ...(await checkPatientLink(db, role, patientId)),
        ...(await checkPractitionerLink(db, role, practitionerId)),
      ];
      const weak = input.password
        ? passwordProblem(input.password, [current.email, current.name])
        : undefined;
      if (weak) issues.push({ path: '/password', message: weak });
      // A user read with GET can be sent back as it is; only a different address is a change we refuse.
      if (input.email !== undefined && input.email.trim().toLowerCase() !== current.email) {
        issues.push({ path: '/email', message: 'cannot be changed; create a new user for a new address' });
      }
      if (id === ctx.principal.userId && (input.active === false || (input.role && input.role !== 'admin'))) {
        issues.push({
          path: input.active === false ? '/active' : '/role',
          message: 'you cannot demote or deactivate yourself',
        });
      }
      if (issues.length > 0) throw invalid(issues);
      const passwordHash = input.password ? await hashPassword(input.password) : undefined;
      const now = clock();
      const { user, revoked } = await db.transaction(async (tx) => {
        const row = await repo.updateUser(tx, id, current.version, {
          ...(input.name ? { name: input.name.trim() } : {}),
          role,
          patientId,
          practitionerId,
          ...(input.active === undefined ? {} : { active: input.active }),
          ...(passwordHash ? { passwordHash, mustChangePassword: true } : {}),
        });
        if (!row) throw stale();
        let revoked: string[] = [];
        if (
          input.active === false ||
          role !== current.role ||
          patientId !== current.patientId ||
          passwordHash
        ) {
          revoked = await revokeSessions(
            tx,
            id,
            input.active === false ? 'user deactivated' : 'account changed',
            now,
          );
        }
        await insertAuditEvent(
          tx,
          eventOf(ctx, { action: 'update', resourceType: 'user', resourceId: id }, 'success'),
        );
        return { user: toUser(row), revoked };
      });
      await revocations.publish(revoked, now);
      return user;
    },

    /** Lifts the account-wide sign-in lock (docs/security.md, "Sign-in throttling"); audited. */
    async unlock(ctx: RequestContext, id: string): Promise<void> {
      const row = await repo.findUser(db, id);
      if (!row) throw notFound('USER_NOT_FOUND', 'User');
      await lockout.lift(row.email);
      await insertAuditEvent(
        db,
        eventOf(ctx, { action: 'update', resourceType: 'user.lockout', resourceId: id }, 'success'),
      );
    },
  };
}
