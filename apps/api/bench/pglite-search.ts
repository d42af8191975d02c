// The embedded default stays quick: PGlite (in process, in memory) with 100,000 patients, one search
// at a time through the patients service (audited transaction included). Run by `npm run bench`.
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { RequestContext } from '../src/auth/principal.js';
import { fromPglite, PGLITE_EXTENSIONS } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { createPatientsService } from '../src/modules/patients/patients.service.js';
import { insertUser } from '../src/modules/users/users.repository.js';
import { seedStatements } from './seed.js';

export const SEARCHES = ['ma', 'mar', 'maria k', 'sof coh', '555 000 1234', '01/21/1943', 'sofya'];

export async function pgliteSearchTimes(count: number): Promise<[string, number, number][]> {
  const database = fromPglite(await PGlite.create({ extensions: PGLITE_EXTENSIONS }));
  try {
    await migrate(database);
    for (const statement of seedStatements(count)) await database.db.execute(sql.raw(statement));
    await database.db.execute(sql`vacuum analyze`);
    const user = await insertUser(database.db, {
      email: 'bench@medicare.local',
      name: 'Bench',
      role: 'admin',
      patientId: null,
      passwordHash: 'not-used',
    });
    const ctx: RequestContext = {
      principal: { userId: user.id, role: 'admin', patientId: null, sessionId: 'bench' },
      requestId: 'bench',
      ip: '127.0.0.1',
      userAgent: 'bench',
    };
    const service = createPatientsService(database);
    const result: [string, number, number][] = [];
    for (const q of SEARCHES) {
      const times: number[] = [];
      for (let i = 0; i < 25; i++) {
        const t0 = performance.now();
        await service.list(ctx, { q });
        if (i >= 5) times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      result.push([q, times[Math.floor(times.length / 2)]!, times[Math.floor(times.length * 0.95)]!]);
    }
    return result;
  } finally {
    await database.close();
  }
}
