import { randomBytes } from 'node:crypto';
import { asc } from 'drizzle-orm';
import type { Config } from '../config.js';
import { hashPassword, passwordProblem } from '../auth/passwords.js';
import type { Database } from './client.js';
import { patients } from './schema/index.js';
import { countUsers, insertUser } from '../modules/users/index.js';

export type Bootstrap =
  | { kind: 'none' }
  | { kind: 'admin'; email: string }
  | { kind: 'demo'; password: string; users: { email: string; role: string }[] };

/**
 * The first users of a new installation. With ADMIN_EMAIL/ADMIN_PASSWORD and no users yet: that
 * admin. On an embedded database without them: demo users, one per role, sharing one random
 * password that the start-up output prints once. A server database gets no demo users.
 */
export async function bootstrapUsers(database: Database, config: Pick<Config, 'admin'>): Promise<Bootstrap> {
  if ((await countUsers(database.db)) > 0) return { kind: 'none' };
  if (config.admin) {
    const weak = passwordProblem(config.admin.password, [config.admin.email]);
    if (weak) throw new Error(`ADMIN_PASSWORD: ${weak}`);
    await insertUser(database.db, {
      email: config.admin.email.toLowerCase(),
      name: 'Administrator',
      role: 'admin',
      patientId: null,
      passwordHash: await hashPassword(config.admin.password),
    });
    return { kind: 'admin', email: config.admin.email.toLowerCase() };
  }
  if (database.kind !== 'pglite') return { kind: 'none' };

  const password = `demo-${randomBytes(12).toString('base64url')}`;
  const passwordHash = await hashPassword(password);
  const [firstPatient] = await database.db
    .select({ id: patients.id })
    .from(patients)
    .orderBy(asc(patients.mrn))
    .limit(1);
  const demo = [
    { email: 'admin@demo.medicare.local', name: 'Demo Admin', role: 'admin' as const, patientId: null },
    {
      email: 'clinician@demo.medicare.local',
      name: 'Demo Clinician',
      role: 'clinician' as const,
      patientId: null,
    },
    {
      email: 'desk@demo.medicare.local',
      name: 'Demo Front Desk',
      role: 'front_desk' as const,
      patientId: null,
    },
    ...(firstPatient
      ? [
          {
            email: 'patient@demo.medicare.local',
            name: 'Demo Patient',
            role: 'patient' as const,
            patientId: firstPatient.id,
          },
        ]
      : []),
  ];
  for (const user of demo) await insertUser(database.db, { ...user, passwordHash });
  return { kind: 'demo', password, users: demo.map(({ email, role }) => ({ email, role })) };
}
