import { asc, and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { patients, type NewAuditEvent, type PatientRow } from '../../db/schema/index.js';
import { auditPlaceholders, auditPlaceholderValues } from '../../platform/audit.repository.js';
import type { SearchTerms } from './search-terms.js';

/**
 * Patient search that costs what the index costs, not what the table holds (decision 065).
 *
 * Name words are looked up in `patient_name_tokens` (one row per word of a live patient's folded name,
 * kept by a trigger), whose btree is ordered (token, sort_name, patient_id): a word prefix is a range
 * scan of that index read in order and cut by LIMIT, so "ma" at a million patients reads about as many
 * index entries as "ma" at ten thousand. Exact words sort first within their prefix range. Further words
 * filter the same index entries (the entry carries the name's words). Trigram matching runs over the
 * vocabulary of distinct words, not over patients, and only to fill a page the prefixes left short.
 * Phone, e-mail and MRN are prefix ranges on their own btrees (phone digits also by suffix); a birth date
 * drives its own index, at most a few dozen people a day.
 */

/** A word must share a third of its trigrams with a name word to count as a misspelling of it ("sofya" → sofia, not "sofxyz"). */
export const FUZZY_FLOOR = 0.33;
/** Misspelt words shorter than this are not guessed at: "ma" resembles too much. */
const FUZZY_MIN_LENGTH = 3;
/** Similar vocabulary words tried when filling a page. */
const FUZZY_WORDS = 5;

/** The byte-order upper bound of every string that starts with `prefix` (columns compared as "C"). */
const MAX_CHAR = String.fromCodePoint(0x10ffff);

const wordsText = (column: SQL) => sql`patient_name_words_text(${column})`;
/** `% word%` patterns: each word must start some word of the name. */
const patternsOf = (words: string[]) =>
  sql`array[${sql.join(
    words.map((w) => sql`${`% ${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`),
    sql`, `,
  )}]::text[]`;

export type SearchPage = { terms: SearchTerms; onlyId?: string; offset: number; take: number };

async function idsOf(ex: Executor, query: SQL): Promise<string[]> {
  // node-postgres and PGlite both answer with { rows }.
  const result = (await ex.execute(query)) as unknown as { rows: { id: string }[] };
  return result.rows.map((r) => r.id);
}

/** Name prefixes, best first: exact words, then longer words in byte order, then family-given order. */
function byPrefix(ex: Executor, driver: string, others: string[], limit: number) {
  return idsOf(
    ex,
    sql`select t.patient_id as id from patient_name_tokens t
        where t.token >= ${driver} and t.token < ${driver + MAX_CHAR}
          and t.words like all(${patternsOf(others)})
          and not exists (select 1 from patient_name_tokens e
                          where e.patient_id = t.patient_id and e.token >= ${driver} and e.token < t.token)
        order by t.token, t.sort_name, t.patient_id
        limit ${limit}`,
  );
}

/** Names whose words resemble the driving word, most similar first: only to fill a page. */
function bySimilarWord(ex: Executor, driver: string, others: string[], limit: number) {
  return idsOf(
    ex,
    sql`select x.patient_id as id
        from (select v.token, similarity(v.token, ${driver}) as sim from patient_name_vocabulary v
              where v.token % ${driver} and similarity(v.token, ${driver}) >= ${FUZZY_FLOOR}
              order by sim desc, v.token limit ${FUZZY_WORDS}) s
        cross join lateral (select t.patient_id, t.sort_name from patient_name_tokens t
                            where t.token = s.token and t.words like all(${patternsOf(others)})
                            order by t.sort_name, t.patient_id limit ${limit}) x
        order by s.sim desc, s.token, x.sort_name, x.patient_id
        limit ${limit}`,
  );
}

const live = isNull(patients.deletedAt);
const collateC = (column: SQL) => sql`(${column} collate "C")`;
const prefixOf = (column: SQL, value: string) =>
  sql`${collateC(column)} >= ${value} and ${collateC(column)} < ${value + MAX_CHAR}`;
const reverse = (value: string) => [...value].reverse().join('');

/** Every rule of `terms` as one predicate on a patients row (for one record or one birth date). */
function rowMatches(terms: SearchTerms): SQL {
  const parts: SQL[] = [live];
  if (terms.birthDate) parts.push(eq(patients.birthDate, terms.birthDate));
  if (terms.words.length > 0)
    parts.push(sql`${wordsText(sql`${patients.searchName}`)} like all(${patternsOf(terms.words)})`);
  if (terms.phoneDigits) {
    parts.push(
      sql`(${prefixOf(sql`${patients.phoneDigits}`, terms.phoneDigits)} or ${prefixOf(sql`reverse(${patients.phoneDigits})`, reverse(terms.phoneDigits))})`,
    );
  }
  if (terms.email) parts.push(prefixOf(sql`lower(${patients.email})`, terms.email));
  if (terms.mrn) parts.push(prefixOf(sql`${patients.mrn}`, terms.mrn));
  return and(...parts)!;
}

function byRow(
  ex: Executor,
  where: SQL,
  limit: number,
  order: SQL[] = [sql`${patients.sortName} collate "C"`],
) {
  return ex
    .select({ id: patients.id })
    .from(patients)
    .where(where)
    .orderBy(...order, asc(patients.id))
    .limit(limit)
    .then((rows) => rows.map((r) => r.id));
}

const unique = (ids: string[]) => [...new Set(ids)];

/** The ids of one page of matches (plus one, to tell whether there is more), best first. */
export async function searchPatientIds(ex: Executor, { terms, onlyId, offset, take }: SearchPage) {
  const want = offset + take;
  let ids: string[];
  if (onlyId) {
    ids = await byRow(ex, and(eq(patients.id, onlyId), rowMatches(terms))!, 1);
  } else if (terms.birthDate) {
    ids = await byRow(ex, rowMatches(terms), want);
  } else if (terms.phoneDigits) {
    const d = terms.phoneDigits;
    const starts = await byRow(ex, and(live, prefixOf(sql`${patients.phoneDigits}`, d))!, want, [
      sql`${patients.phoneDigits} collate "C"`,
    ]);
    const ends =
      starts.length < want
        ? await byRow(ex, and(live, prefixOf(sql`reverse(${patients.phoneDigits})`, reverse(d)))!, want, [
            sql`reverse(${patients.phoneDigits}) collate "C"`,
          ])
        : [];
    ids = unique([...starts, ...ends]);
  } else if (terms.email) {
    ids = await byRow(ex, rowMatches(terms), want, [sql`lower(${patients.email}) collate "C"`]);
  } else if (terms.mrn) {
    ids = await byRow(ex, rowMatches(terms), want, [sql`${patients.mrn} collate "C"`]);
  } else if (terms.words.length > 0) {
    // The longest word narrows the range most; the others filter it.
    const driver = terms.words.reduce((a, b) => (b.length > a.length ? b : a));
    const others = terms.words.filter((w) => w !== driver);
    ids = await byPrefix(ex, driver, others, want);
    if (ids.length < want && driver.length >= FUZZY_MIN_LENGTH) {
      ids = unique([...ids, ...(await bySimilarWord(ex, driver, others, want))]);
    }
  } else {
    ids = [];
  }
  return ids.slice(offset, want);
}

/** The rows of `ids`, in the order given. */
export async function patientsByIds(ex: Executor, ids: string[]): Promise<PatientRow[]> {
  if (ids.length === 0) return [];
  const rows = await ex.select().from(patients).where(inArray(patients.id, ids));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is PatientRow => r !== undefined);
}

/**
 * The common search, a name typed at the desk, as one prepared statement: the word-index candidates,
 * misspellings only when they leave the page short, the rows, and the search's audit event with the
 * ids it returned, all in one statement (one round trip, one transaction, planned once).
 */
export function prepareNameSearch(db: Executor) {
  const p = (name: string) => sql.placeholder(name);
  const a = auditPlaceholders;
  const pre = db.$with('pre', { id: sql<string>`id` }).as(
    sql`select t.patient_id as id, row_number() over (order by t.token, t.sort_name, t.patient_id) as ord
        from (select t.patient_id, t.token, t.sort_name from patient_name_tokens t
              where t.token >= ${p('driver')} and t.token < ${p('driverEnd')}
                and t.words like all(${p('patterns')}::text[])
                and not exists (select 1 from patient_name_tokens e
                                where e.patient_id = t.patient_id and e.token >= ${p('driver')} and e.token < t.token)
              order by t.token, t.sort_name, t.patient_id
              limit ${p('want')}) t`,
  );
  const fuzzy = db.$with('fuzzy', { id: sql<string>`id` }).as(
    sql`select x.patient_id as id,
               1000000 + row_number() over (order by s.sim desc, s.token, x.sort_name, x.patient_id) as ord
        from (select v.token, similarity(v.token, ${p('driver')}) as sim from patient_name_vocabulary v
              where ${p('fuzzy')}::boolean and (select count(*) from pre) < ${p('want')}
                and v.token % ${p('driver')} and similarity(v.token, ${p('driver')}) >= ${FUZZY_FLOOR}
              order by sim desc, v.token limit ${FUZZY_WORDS}) s
        cross join lateral (select t.patient_id, t.sort_name from patient_name_tokens t
                            where t.token = s.token and t.words like all(${p('patterns')}::text[])
                            order by t.sort_name, t.patient_id limit ${p('want')}) x`,
  );
  const page = db.$with('page', { id: sql<string>`id` }).as(
    sql`select id, min(ord) as ord from (select id, ord from pre union all select id, ord from fuzzy) u
        group by id order by min(ord) offset ${p('offset')} limit ${p('take')}`,
  );
  const audit = db.$with('audit_write', { id: sql<string>`id` }).as(
    sql`insert into audit_events (actor_id, actor_role, action, resource_type, resource_id, patient_id, outcome,
                                  request_id, ip, user_agent, result_ids)
        select ${a.actorId}, ${a.actorRole}, ${a.action}, ${a.resourceType}, ${a.resourceId}, ${a.patientId},
               'success', ${a.requestId}, ${a.ip}, ${a.userAgent},
               (select coalesce(jsonb_agg(id order by ord), '[]'::jsonb)
                from (select id, ord from page order by ord limit ${p('limit')}) shown)
        returning id`,
  );
  const statement = db
    .with(pre, fuzzy, page, audit)
    .select()
    .from(patients)
    .where(sql`${patients.id} in (select id from page)`)
    .orderBy(sql`(select ord from page where page.id = ${patients.id})`)
    .prepare('patient_search_name');

  return async (
    terms: SearchTerms,
    paging: { offset: number; limit: number },
    event: Omit<NewAuditEvent, 'outcome'>,
  ): Promise<PatientRow[]> => {
    const driver = terms.words.reduce((x, y) => (y.length > x.length ? y : x));
    const others = terms.words.filter((w) => w !== driver);
    return statement.execute({
      driver,
      driverEnd: driver + MAX_CHAR,
      patterns: others.map((w) => `% ${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`),
      fuzzy: driver.length >= FUZZY_MIN_LENGTH,
      want: paging.offset + paging.limit + 1,
      offset: paging.offset,
      take: paging.limit + 1,
      limit: paging.limit,
      ...auditPlaceholderValues(event),
    });
  };
}
