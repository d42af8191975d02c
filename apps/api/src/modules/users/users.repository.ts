import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { users, type UserRow } from '../../db/schema/index.js';

export type UserWrite = Pick<UserRow, 'email' | 'name' | 'role' | 'patientId' | 'passwordHash'> &
  Partial<Pick<UserRow, 'mustChangePassword' | 'practitionerId'>>;

export async function insertUser(ex: Executor, row: UserWrite): Promise<UserRow> {
  const [created] = await ex
    .insert(users)
    .values({ ...row, email: row.email.toLowerCase() })
    .returning();
  return created!;
}

export async function findUser(ex: Executor, id: string): Promise<UserRow | undefined> {
  const [row] = await ex.select().from(users).where(eq(users.id, id));
  return row;
}

export async function countUsers(ex: Executor): Promise<number> {
  const [row] = await ex.select({ n: sql<number>`count(*)::int` }).from(users);
  return row?.n ?? 0;
}

export async function listUsers(
  ex: Executor,
  f: { role?: UserRow['role']; active?: boolean; limit: number; offset: number },
): Promise<UserRow[]> {
  const filters: (SQL | undefined)[] = [
    f.role ? eq(users.role, f.role) : undefined,
    f.active === undefined ? undefined : eq(users.active, f.active),
  ];
  return ex
    .select()
    .from(users)
    .where(and(...filters))
    .orderBy(asc(users.email))
    .limit(f.limit + 1)
    .offset(f.offset);
}

/** Writes when the user is still at `version` (read just before); undefined when it moved on. */
export async function updateUser(
  ex: Executor,
  id: string,
  version: number,
  set: Partial<
    Pick<
      UserRow,
      'name' | 'role' | 'patientId' | 'practitionerId' | 'active' | 'passwordHash' | 'mustChangePassword'
    >
  >,
): Promise<UserRow | undefined> {
  const [row] = await ex
    .update(users)
    .set({ ...set, updatedAt: sql`now()`, version: sql`${users.version} + 1` })
    .where(and(eq(users.id, id), eq(users.version, version)))
    .returning();
  return row;
}
