import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { newestFirst } from '../../db/keyset.js';
import {
  conversationMessages,
  conversations,
  patients,
  type ConversationMessageRow,
  type PatientRow,
  type ConversationRow,
} from '../../db/schema/index.js';

/** A conversation of this user (another user's reads as missing). */
export async function findConversation(
  ex: Executor,
  userId: string,
  id: string,
): Promise<ConversationRow | undefined> {
  const [row] = await ex
    .select()
    .from(conversations)
    .where(and(eq(conversations.id, id), eq(conversations.userId, userId)));
  return row;
}

export async function insertConversation(
  ex: Executor,
  row: typeof conversations.$inferInsert,
): Promise<ConversationRow> {
  const [created] = await ex.insert(conversations).values(row).returning();
  return created!;
}

export async function touchConversation(ex: Executor, id: string, at: Date): Promise<void> {
  await ex.update(conversations).set({ updatedAt: at }).where(eq(conversations.id, id));
}

/** Most recently active first, paged by keyset on (updated_at, id). */
export async function listConversations(
  ex: Executor,
  f: { userId: string; limit: number; before?: { at: string; id: string } },
): Promise<ConversationRow[]> {
  const page = newestFirst(conversations.updatedAt, conversations.id, f.before);
  return ex
    .select()
    .from(conversations)
    .where(and(eq(conversations.userId, f.userId), page.after))
    .orderBy(...page.orderBy)
    .limit(f.limit + 1);
}

export async function insertMessages(
  ex: Executor,
  rows: (typeof conversationMessages.$inferInsert)[],
): Promise<ConversationMessageRow[]> {
  return ex.insert(conversationMessages).values(rows).returning();
}

/** In order; a question and its answer share a turn, the question first. */
export async function messagesOf(
  ex: Executor,
  conversationId: string,
  last?: number,
): Promise<ConversationMessageRow[]> {
  const order = [asc(conversationMessages.createdAt), desc(conversationMessages.role)];
  if (last === undefined) {
    return ex
      .select()
      .from(conversationMessages)
      .where(eq(conversationMessages.conversationId, conversationId))
      .orderBy(...order);
  }
  const rows = await ex
    .select()
    .from(conversationMessages)
    .where(eq(conversationMessages.conversationId, conversationId))
    .orderBy(desc(conversationMessages.createdAt), asc(conversationMessages.role))
    .limit(last);
  return rows.reverse();
}

/**
 * Patients whose full name ("given family", folded) is one of `names`: the clinic's other patients a
 * question names, so their identifiers are de-identified too. Never shown to the caller.
 */
export async function patientsNamed(ex: Executor, names: string[]): Promise<PatientRow[]> {
  if (names.length === 0) return [];
  return ex
    .select()
    .from(patients)
    .where(and(inArray(patients.searchName, names), isNull(patients.deletedAt)))
    .limit(20);
}
