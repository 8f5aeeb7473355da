import type { Document, StoreClient } from "@imperal/sdk";

/** Store collection holding the notes (per user: the store is partitioned by tenant, user and extension). */
export const NOTES = "notes";

/** A note as stored in `ctx.store`. */
export interface Note {
  title: string;
  body: string;
  tags: string[];
  /** Set when the note is in the trash (soft delete); restore clears it. */
  deleted_at: string | null;
  /** ISO time of the last change; lists sort on it. */
  updated_at: string;
}

/** A note as functions return it. */
export interface NoteView {
  note_id: string;
  title: string;
  body: string;
  tags: string[];
  in_trash: boolean;
  updated_at: string;
}

/** Convert a stored document into the shape functions return. */
export function toView(doc: Document): NoteView {
  const n = doc.data as unknown as Note;
  return {
    note_id: doc.id,
    title: n.title,
    body: n.body,
    tags: n.tags ?? [],
    in_trash: n.deleted_at != null,
    updated_at: n.updated_at ?? doc.updatedAt,
  };
}

/** Every note of the user, most recently changed first (pages through the store with its cursor). */
export async function allNotes(store: StoreClient): Promise<NoteView[]> {
  const out: NoteView[] = [];
  let cursor: string | null = null;
  do {
    const page = await store.query(NOTES, { orderBy: "-updated_at", limit: 500, cursor });
    out.push(...page.data.map(toView));
    cursor = page.hasMore ? page.cursor : null;
  } while (cursor);
  return out;
}

/** Notes in the active list or in the trash (the store filters by equality only, so this filters in memory). */
export async function listNotes(
  store: StoreClient,
  view: "active" | "trash",
  limit: number,
): Promise<{ notes: NoteView[]; total: number }> {
  const all = (await allNotes(store)).filter((n) => (view === "trash" ? n.in_trash : !n.in_trash));
  return { notes: all.slice(0, limit), total: all.length };
}
