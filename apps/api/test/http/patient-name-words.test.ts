import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { createTestApp, type TestContext } from '../support/app.js';

// The triggers that keep patient_name_tokens and patient_name_vocabulary (migrations 0010 and 0020,
// decision 126): many patients inserted in ONE statement (as the import does) are indexed like one by
// one; a name change, a soft delete and a restore re-index each patient they touch, also many at once.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

const rows = async <T>(query: SQL) =>
  ((await ctx.database.db.execute(query)) as unknown as { rows: T[] }).rows;

const tokensOf = async (ids: string[]) =>
  (
    await rows<{ id: string; tokens: string }>(sql`
      select p.id, coalesce(string_agg(t.token || '|' || t.sort_name || '|' || t.words, ',' order by t.token), '') as tokens
      from patients p left join patient_name_tokens t on t.patient_id = p.id
      where p.id in (${sql.join(
        ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})
      group by p.id`)
  ).reduce<Record<string, string>>((all, r) => ({ ...all, [r.id]: r.tokens }), {});

/** What the words of a live patient must be, by 0010's definition. */
const expected = (search: string, sort: string) =>
  rows<{ tokens: string }>(sql`
    select string_agg(w || '|' || ${sort}::text || '|' || patient_name_words_text(${search}::text), ',' order by w) as tokens
    from unnest(patient_name_words(${search}::text)) as w`).then((r) => r[0]!.tokens);

const insertMany = (names: [string, string, boolean][]) =>
  rows<{ id: string }>(sql`
    insert into patients (given_name, family_name, name_key, search_name, sort_name, birth_date, sex, deleted_at)
    values ${sql.join(
      names.map(
        ([given, family, deleted]) =>
          sql`(${given}, ${family}, ${`${given} ${family}`.toLowerCase()}, ${`${given} ${family}`.toLowerCase()},
               ${`${family} ${given}`.toLowerCase()}, '1970-01-01', 'female', ${deleted ? sql`now()` : sql`null`})`,
      ),
      sql`, `,
    )}
    returning id`).then((r) => r.map((x) => x.id));

describe('patient name words', () => {
  it('indexes every live patient of a many-row insert, and no deleted one', async () => {
    const [a, b, c] = await insertMany([
      ['Zorana-Lia', "D'Arcy", false],
      ['Zorana', 'Vukovic', false],
      ['Zebulon', 'Gone', true],
    ]);
    expect(await tokensOf([a!, b!, c!])).toEqual({
      [a!]: await expected("zorana-lia d'arcy", "d'arcy zorana-lia"),
      [b!]: await expected('zorana vukovic', 'vukovic zorana'),
      [c!]: '',
    });
    const vocabulary = await rows<{ token: string }>(
      sql`select token from patient_name_vocabulary where token in ('zorana', 'lia', 'zoranalia', 'darcy', 'vukovic', 'zebulon') order by token`,
    );
    expect(vocabulary.map((v) => v.token)).toEqual(['darcy', 'lia', 'vukovic', 'zorana', 'zoranalia']);
  });

  it('re-indexes the patients an update renames, deletes or restores, many in one statement', async () => {
    const [a, b, c, d] = await insertMany([
      ['Yolanda', 'First', false],
      ['Yusuf', 'Second', false],
      ['Yara', 'Third', true],
      ['Yves', 'Fourth', false],
    ]);
    await ctx.database.db.execute(sql`
      update patients set
        search_name = case id when ${a}::uuid then 'yolanda renamed' else search_name end,
        sort_name = case id when ${a}::uuid then 'renamed yolanda' else sort_name end,
        deleted_at = case id when ${b}::uuid then now() when ${c}::uuid then null else deleted_at end,
        phone = '555'
      where id in (${a}::uuid, ${b}::uuid, ${c}::uuid, ${d}::uuid)`);
    expect(await tokensOf([a!, b!, c!, d!])).toEqual({
      [a!]: await expected('yolanda renamed', 'renamed yolanda'),
      [b!]: '',
      [c!]: await expected('yara third', 'third yara'),
      [d!]: await expected('yves fourth', 'fourth yves'),
    });
  });
});
