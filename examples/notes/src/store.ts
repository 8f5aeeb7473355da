// The three collections over ctx.store (the original kept them in its own REST backend) and their typed access.
// Every read re-checks owner_id, as the original's backend did: the store is per user, this is defence in depth.
import type { StoreClient } from "@imperal/sdk";

export const C = { notes: "notes", folders: "folders", attachments: "attachments" } as const;

export interface Note {
  owner_id: string;
  title: string;
  /** HTML or plain text. */
  content_text: string;
  tags: string[];
  folder_id: string | null;
  is_pinned: boolean;
  is_archived: boolean;
  is_trashed: boolean;
  word_count: number;
  created_at: string;
  updated_at: string;
}
export interface Folder {
  owner_id: string;
  name: string;
  icon: "folder";
  created_at: string;
}
export interface Attachment {
  owner_id: string;
  note_id: string;
  filename: string;
  content_type: string;
  size: number;
  path: string;
}

/** A stored document with its id. */
export type Doc<T> = T & { id: string };

/** What the store helpers need of a ctx (chat, panel and skeleton contexts all qualify). */
export interface StoreCtx {
  store: StoreClient;
  user: { imperalId: string };
}

/** Store ids are UUIDs (testing kit) or hex strings (kernel): anything else was made up. */
const ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
/** True when `id` could be a store id. */
export const isStoreId = (id: unknown): id is string => typeof id === "string" && ID_PATTERN.test(id);

/** Reads one of the caller's documents (null when missing, ill-formed or owned by someone else). */
export async function getOwn<T>(ctx: StoreCtx, collection: string, id: unknown): Promise<Doc<T> | null> {
  if (!isStoreId(id)) return null;
  const doc = await ctx.store.get(collection, id);
  if (!doc || doc.data.owner_id !== ctx.user.imperalId) return null;
  return { ...(doc.data as T), id: doc.id };
}

/** Every document of the caller in `collection` matching `where` (paged through the store). */
export async function listOwn<T>(ctx: StoreCtx, collection: string, where: Record<string, unknown> = {}) {
  const out: Doc<T>[] = [];
  let cursor: string | null = null;
  do {
    const page = await ctx.store.query(collection, {
      where: { owner_id: ctx.user.imperalId, ...where },
      orderBy: "created_at",
      limit: 500,
      cursor,
    });
    for (const d of page.data) out.push({ ...(d.data as T), id: d.id });
    cursor = page.cursor;
  } while (cursor);
  return out;
}

/** Creates a document owned by the caller. */
export async function createOwn<T extends object>(ctx: StoreCtx, collection: string, data: T) {
  const full = { ...data, owner_id: ctx.user.imperalId };
  const doc = await ctx.store.create(collection, full as Record<string, unknown>);
  return { ...full, id: doc.id } as Doc<T & { owner_id: string }>;
}

/** Merges `patch` into a note and stamps updated_at. */
export async function patchNote(ctx: StoreCtx, id: string, patch: Partial<Note>): Promise<void> {
  await ctx.store.update(C.notes, id, { ...patch, updated_at: nowIso() });
}

let last = 0;
/**
 * The current time as stored (ISO). Strictly increasing within the process: "recent" and list order sort on
 * updated_at, and several writes inside one millisecond must still sort in the order they happened.
 */
export function nowIso(): string {
  last = Math.max(Date.now(), last + 1);
  return new Date(last).toISOString();
}

/** Most recently updated first. */
export function byRecent(a: Note, b: Note): number {
  return a.updated_at < b.updated_at ? 1 : a.updated_at > b.updated_at ? -1 : 0;
}

/** Pinned notes first, then most recently updated. */
export function byPinnedThenRecent(a: Note, b: Note): number {
  if (a.is_pinned !== b.is_pinned) return a.is_pinned ? -1 : 1;
  return byRecent(a, b);
}
