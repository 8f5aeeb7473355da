// Writes several functions share: creating a note, deleting one for good (with its attachment bytes), and the
// bulk trash/delete of a folder's notes.
import type { StorageClient } from "@imperal/sdk";
import { invalidate } from "./cache.js";
import { C, createOwn, listOwn, nowIso, patchNote, type Attachment, type Doc, type Note } from "./store.js";
import { wordCount } from "./text.js";
import type { StoreCtx } from "./store.js";
import type { CacheClient } from "@imperal/sdk";

type WriteCtx = StoreCtx & { cache: CacheClient; storage: StorageClient };

/** What a new note is made of. */
export interface NewNote {
  title: string;
  content_text: string;
  tags: string[];
  folder_id: string | null;
}

/** Stores a new note (word count computed, flags cleared) and drops the cached views. */
export async function createNote(ctx: WriteCtx, input: NewNote): Promise<Doc<Note>> {
  const at = nowIso();
  const note = await createOwn<Omit<Note, "owner_id">>(ctx, C.notes, {
    ...input,
    is_pinned: false,
    is_archived: false,
    is_trashed: false,
    word_count: wordCount(input.content_text),
    created_at: at,
    updated_at: at,
  });
  await invalidate(ctx);
  return note;
}

/** Deletes a note for good, its attachment documents and their bytes. */
export async function hardDeleteNote(ctx: WriteCtx, noteId: string): Promise<void> {
  for (const a of await listOwn<Attachment>(ctx, C.attachments, { note_id: noteId })) {
    await ctx.storage.delete(a.path);
    await ctx.store.delete(C.attachments, a.id);
  }
  await ctx.store.delete(C.notes, noteId);
}

/** Trashes (or deletes for good) every non-trashed note of a folder; returns how many. */
export async function clearFolder(ctx: WriteCtx, folderId: string, permanent: boolean): Promise<number> {
  const notes = await listOwn<Note>(ctx, C.notes, { folder_id: folderId, is_trashed: false });
  for (const n of notes) {
    if (permanent) await hardDeleteNote(ctx, n.id);
    else await patchNote(ctx, n.id, { is_trashed: true });
  }
  await invalidate(ctx);
  return notes.length;
}
