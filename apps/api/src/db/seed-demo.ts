import type { Config } from '../config.js';
import type { Database } from './client.js';
import { instantOf } from '../modules/practitioners/index.js';
import { appointments, appointmentTypes, observations, patients, practitioners } from './schema/index.js';
import { digitsOf, fold, nameKeys } from '../lib/text.js';

/** A small deterministic generator, so the demo clinic is the same on every laptop. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]! };
}

const GIVEN = [
  'Ana',
  'José',
  'Chloé',
  'Liam',
  'Noah',
  'Amara',
  'Sofia',
  'Mateo',
  'Zoë',
  'Ethan',
  'Aisha',
  'Lucas',
  'Mia',
  'Hiroshi',
  'Fatima',
  'Oliver',
  'Émile',
  'Priya',
  'Björn',
  'Grace',
  'Kwame',
  'Isabella',
  'Yusuf',
  'Nora',
];
const FEMALE = new Set([
  'Ana',
  'Chloé',
  'Amara',
  'Sofia',
  'Zoë',
  'Aisha',
  'Mia',
  'Fatima',
  'Priya',
  'Grace',
  'Isabella',
  'Nora',
]);
const FAMILY = [
  'García',
  'Nguyen',
  'Smith',
  'Okafor',
  'Müller',
  'Rossi',
  'Kowalski',
  'Haddad',
  'Johansson',
  'Tanaka',
  'Dubois',
  'Patel',
  "O'Brien",
  'Silva',
  'Cohen',
  'Martin',
  'Ivanova',
  'Mensah',
  'Fernández',
  'Lee',
];
const CITIES = ['Springfield', 'Riverside', 'Fairview', 'Madison', 'Georgetown'];
const REASONS = [
  'Annual check-up',
  'Blood pressure review',
  'Follow-up',
  'Vaccination',
  'Lab results',
  'New symptoms',
];

const PRACTITIONERS = [
  { givenName: 'Maya', familyName: 'Chen', specialty: 'Family medicine', timeZone: 'America/New_York' },
  { givenName: 'Omar', familyName: 'Haddad', specialty: 'Cardiology', timeZone: 'America/New_York' },
  { givenName: 'Ingrid', familyName: 'Larsen', specialty: 'Paediatrics', timeZone: 'America/Chicago' },
  {
    givenName: 'Samuel',
    familyName: 'Adeyemi',
    specialty: 'Internal medicine',
    timeZone: 'America/Los_Angeles',
  },
];

export type SeedSummary = {
  practitioners: number;
  patients: number;
  appointments: number;
  observations: number;
};

/**
 * Loads a demo clinic on the first start of a new embedded database (SEED_DEMO=false turns it off),
 * or into any empty database when SEED_DEMO=true is said outright. Never into a server database unasked.
 */
export async function seedDemoIfWanted(
  database: Database,
  config: Pick<Config, 'seedDemo'>,
  now = new Date(),
): Promise<SeedSummary | undefined> {
  const wanted = config.seedDemo ?? (database.kind === 'pglite' && database.freshlyCreated);
  if (!wanted) return undefined;
  const existing = await database.db.select({ id: patients.id }).from(patients).limit(1);
  if (existing.length > 0) return undefined;
  return seedDemo(database, now);
}

export async function seedDemo(database: Database, now: Date): Promise<SeedSummary> {
  const rand = generator(20261122);
  return database.db.transaction(async (tx) => {
    const staff = await tx
      .insert(practitioners)
      .values(PRACTITIONERS)
      .returning({ id: practitioners.id, timeZone: practitioners.timeZone });
    // What can be booked (every practitioner offers these; patients book the first two themselves).
    await tx.insert(appointmentTypes).values([
      { name: 'Consultation', durationMinutes: 30, bufferMinutes: 0, patientBookable: true },
      { name: 'Follow-up', durationMinutes: 15, bufferMinutes: 5, patientBookable: true },
      { name: 'Annual physical', durationMinutes: 60, bufferMinutes: 15, patientBookable: false },
    ]);
    const people = Array.from({ length: 50 }, (_, i) => {
      const givenName = GIVEN[i % GIVEN.length]!;
      const familyName = rand.pick(FAMILY);
      const year = 1940 + Math.floor(rand.next() * 80);
      const birthDate = `${year}-${String(1 + Math.floor(rand.next() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand.next() * 28)).padStart(2, '0')}`;
      const phone = `+1 555 01${String(i).padStart(2, '0')} ${String(1000 + Math.floor(rand.next() * 9000))}`;
      return {
        givenName,
        familyName,
        ...nameKeys(givenName, familyName),
        birthDate,
        sex: FEMALE.has(givenName) ? ('female' as const) : ('male' as const),
        phone,
        phoneDigits: digitsOf(phone),
        email: `${fold(givenName).replace(/\W/g, '')}.${fold(familyName).replace(/\W/g, '')}${i}@example.org`,
        address: {
          line: `${10 + i} Main Street`,
          city: rand.pick(CITIES),
          state: 'NY',
          postalCode: `100${String(i).padStart(2, '0')}`,
          country: 'US',
        },
        preferredLanguage: 'en',
        contactConsent: { sms: i % 3 !== 0, email: true },
      };
    });
    const patientIds = (await tx.insert(patients).values(people).returning({ id: patients.id })).map(
      (p) => p.id,
    );

    // Weekdays of the next two weeks, 30-minute slots from 09:00 to 16:30 in each practitioner's own
    // zone (inside the default hours); patients take turns, so no one is ever in two places at once.
    const rows: (typeof appointments.$inferInsert)[] = [];
    let nextPatient = 0;
    for (let day = 0; day < 14; day++) {
      const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + day));
      if (date.getUTCDay() === 0 || date.getUTCDay() === 6) continue;
      for (let slot = 0; slot < 16; slot++) {
        for (const practitioner of staff) {
          if (rand.next() > 0.35) continue;
          const start = new Date(
            instantOf(date.getTime() + (9 * 60 + slot * 30) * 60_000, practitioner.timeZone),
          );
          rows.push({
            patientId: patientIds[nextPatient++ % patientIds.length]!,
            practitionerId: practitioner.id,
            start,
            end: new Date(start.getTime() + 30 * 60_000),
            status: 'booked',
            reason: rand.pick(REASONS),
          });
        }
      }
    }
    if (rows.length > 0) await tx.insert(appointments).values(rows);

    // A year of vitals and labs for every adult, so the risk score has something to work from.
    const measured: (typeof observations.$inferInsert)[] = [];
    const LOINC = 'http://loinc.org';
    const LOCAL = 'urn:medicare-hub:observation';
    people.forEach((person, i) => {
      if (Number(person.birthDate.slice(0, 4)) > now.getUTCFullYear() - 18) return;
      const patientId = patientIds[i]!;
      const baseSbp = 110 + Math.floor(rand.next() * 45);
      for (const monthsAgo of [11, 6, 1]) {
        const effectiveAt = new Date(now.getTime() - monthsAgo * 30 * 86_400_000);
        const sbp = baseSbp + Math.floor(rand.next() * 10) - 5;
        measured.push(
          {
            patientId,
            code: '8480-6',
            system: LOINC,
            valueNumber: sbp,
            unit: 'mm[Hg]',
            canonicalValue: sbp,
            canonicalUnit: 'mm[Hg]',
            effectiveAt,
          },
          {
            patientId,
            code: '8462-4',
            system: LOINC,
            valueNumber: sbp - 45,
            unit: 'mm[Hg]',
            canonicalValue: sbp - 45,
            canonicalUnit: 'mm[Hg]',
            effectiveAt,
          },
        );
      }
      const labAt = new Date(now.getTime() - 60 * 86_400_000);
      const tc = 150 + Math.floor(rand.next() * 120);
      const hdl = 35 + Math.floor(rand.next() * 40);
      measured.push(
        {
          patientId,
          code: '2093-3',
          system: LOINC,
          valueNumber: tc,
          unit: 'mg/dL',
          canonicalValue: tc,
          canonicalUnit: 'mg/dL',
          effectiveAt: labAt,
        },
        {
          patientId,
          code: '2085-9',
          system: LOINC,
          valueNumber: hdl,
          unit: 'mg/dL',
          canonicalValue: hdl,
          canonicalUnit: 'mg/dL',
          effectiveAt: labAt,
        },
        {
          patientId,
          code: '72166-2',
          system: LOINC,
          valueText: rand.pick(['never', 'never', 'former', 'current']),
          effectiveAt: labAt,
        },
        { patientId, code: 'diabetes', system: LOCAL, valueBoolean: rand.next() < 0.15, effectiveAt: labAt },
        { patientId, code: 'bp-treatment', system: LOCAL, valueBoolean: baseSbp > 140, effectiveAt: labAt },
      );
      const height =
        person.sex === 'female' ? 158 + Math.floor(rand.next() * 18) : 168 + Math.floor(rand.next() * 20);
      const baseWeight = Math.round((height - 100) * (0.85 + rand.next() * 0.4));
      measured.push({
        patientId,
        code: '8302-2',
        system: LOINC,
        valueNumber: height,
        unit: 'cm',
        canonicalValue: height,
        canonicalUnit: 'cm',
        effectiveAt: labAt,
      });
      for (const monthsAgo of [11, 6, 1]) {
        const weight = baseWeight + Math.floor(rand.next() * 5) - 2;
        const effectiveAt = new Date(now.getTime() - monthsAgo * 30 * 86_400_000);
        measured.push({
          patientId,
          code: '29463-7',
          system: LOINC,
          valueNumber: weight,
          unit: 'kg',
          canonicalValue: weight,
          canonicalUnit: 'kg',
          effectiveAt,
        });
      }
    });
    if (measured.length > 0) await tx.insert(observations).values(measured);
    return {
      practitioners: staff.length,
      patients: patientIds.length,
      appointments: rows.length,
      observations: measured.length,
    };
  });
}
