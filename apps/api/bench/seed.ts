// The bench's clinic, generated inside the database (generate_series): a million patients in about a
// minute, the same rows on PostgreSQL and PGlite. Ids are derived from the row number, so the load
// generator and pgbench can name any patient without a list: patientId(n).

/** Given names: common ones, so prefixes like "ma" and "sof" match thousands at a million. */
export const GIVEN = [
  'Maria',
  'Mario',
  'Marco',
  'Marta',
  'Martin',
  'Mateo',
  'Sofia',
  'Sophia',
  'Samuel',
  'Sara',
  'Ana',
  'Andrea',
  'Ahmed',
  'Aisha',
  'Ben',
  'Carlos',
  'Chen',
  'Daniel',
  'David',
  'Elena',
  'Emma',
  'Fatima',
  'Grace',
  'Hana',
  'Ivan',
  'James',
  'Jose',
  'Julia',
  'Kai',
  'Karim',
  'Laura',
  'Lena',
  'Liam',
  'Lucas',
  'Mei',
  'Mohammed',
  'Nora',
  'Olivia',
  'Omar',
  'Priya',
  'Rosa',
  'Ruth',
  'Sami',
  'Tomas',
  'Uma',
  'Victor',
  'Wen',
  'Yusuf',
  'Zoe',
  'Noah',
];
/** Family names: a few common ones (a quarter of patients) and eight thousand rarer, made-up ones. */
export const FAMILY = [
  'Cohen',
  'Kim',
  'Garcia',
  'Khan',
  'Kowalski',
  'Nguyen',
  'Smith',
  'Lopez',
  'Martinez',
  'Muller',
  'Rossi',
  'Silva',
  'Tanaka',
  'Okafor',
  'Ivanova',
  'Haddad',
  'Novak',
  'Jensen',
  'Dubois',
  'Costa',
];
const SYLLABLES = [
  'ka',
  'ro',
  'mi',
  'den',
  'sa',
  'lo',
  'vi',
  'tan',
  'ber',
  'gu',
  'ne',
  'ha',
  'li',
  'mo',
  'ra',
  'zen',
  'ol',
  'pe',
  'du',
  'fi',
];

export const patientId = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
export const PATIENT_ID_SQL = (n: string) =>
  `('00000000-0000-4000-8000-' || lpad(to_hex(${n}), 12, '0'))::uuid`;

const list = (xs: string[]) => `array[${xs.map((x) => `'${x}'`).join(',')}]`;

/** SQL that inserts patients 1..count (fast: one statement, the name-word trigger off and rebuilt once). */
export function seedStatements(count: number): string[] {
  // hashint4 spreads row numbers so that every given name meets every family name.
  const h = (salt: number) => `(hashint4(n + ${salt}) & 2147483647)`;
  const given = `(${list(GIVEN)})[1 + ${h(0)} % ${GIVEN.length}]`;
  const syl = (k: number) => `(${list(SYLLABLES)})[1 + (${h(1)} / ${k}) % 20]`;
  const made = `initcap(${syl(1)} || ${syl(20)} || ${syl(400)})`;
  const family = `case when ${h(2)} % 4 = 0 then (${list(FAMILY)})[1 + ${h(3)} % ${FAMILY.length}] else ${made} end`;
  return [
    'alter table patients disable trigger patients_name_tokens',
    `insert into patients (id, given_name, family_name, name_key, search_name, sort_name, birth_date, sex,
                           phone, phone_digits, email)
     select ${PATIENT_ID_SQL('n')}, g, f, lower(g) || '|' || lower(f), lower(g || ' ' || f), lower(f || ' ' || g),
            date '1925-01-01' + ((n::bigint * 7919) % 36500)::int, 'unknown',
            '+1 555 ' || lpad(n::text, 7, '0'), '1555' || lpad(n::text, 7, '0'),
            case when n % 3 = 0 then lower(g) || '.' || lower(f) || n || '@mail.test' end
     from (select n, ${given} as g, ${family} as f from generate_series(1, ${count}) as n) s`,
    `insert into patient_name_tokens (token, patient_id, sort_name, words)
       select w, p.id, p.sort_name, patient_name_words_text(p.search_name)
       from patients p, unnest(patient_name_words(p.search_name)) as w where p.deleted_at is null`,
    'insert into patient_name_vocabulary (token) select distinct token from patient_name_tokens on conflict do nothing',
    'alter table patients enable trigger patients_name_tokens',
    `insert into practitioners (given_name, family_name, time_zone)
       select 'Dr', 'Bench' || i, 'UTC' from generate_series(1, 50) as i`,
  ];
}
