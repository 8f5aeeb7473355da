// Finding what a call names: a note by id (with the original's corrective errors), a folder by id or by name.
import type { ActionResult } from "@imperal/sdk";
import { folderNotFound, invalidNoteId, noteNotFound } from "./errors.js";
import { C, getOwn, isStoreId, listOwn, type Doc, type Folder, type Note, type StoreCtx } from "./store.js";

export type Found<T> = { ok: true; value: T } | { ok: false; error: ActionResult<never> };

/** The caller's note `id`, or the error result for an ill-formed or unknown id. */
export async function loadNote(ctx: StoreCtx, id: string): Promise<Found<Doc<Note>>> {
  if (!isStoreId(id)) return { ok: false, error: invalidNoteId(id) };
  const note = await getOwn<Note>(ctx, C.notes, id);
  return note ? { ok: true, value: note } : { ok: false, error: noteNotFound(id) };
}

export type MatchQuality = "exact" | "prefix" | "contains";

/** Folder name resolution of the original: case-insensitive exact, then prefix, then substring; first match wins. */
export function matchFolder<F extends { name: string }>(
  folders: readonly F[],
  name: string,
): { folder: F; quality: MatchQuality } | null {
  const q = name.trim().toLowerCase();
  if (q === "") return null;
  const tests: Array<[MatchQuality, (n: string) => boolean]> = [
    ["exact", (n) => n === q],
    ["prefix", (n) => n.startsWith(q)],
    ["contains", (n) => n.includes(q)],
  ];
  for (const [quality, test] of tests) {
    const folder = folders.find((f) => test(f.name.toLowerCase()));
    if (folder) return { folder, quality };
  }
  return null;
}

/** A folder given by id or by name (name resolution as {@link matchFolder}), or the "Folder not found" error. */
export async function findFolder(ctx: StoreCtx, ref: string): Promise<Found<Doc<Folder>>> {
  const byId = await getOwn<Folder>(ctx, C.folders, ref);
  if (byId) return { ok: true, value: byId };
  const m = matchFolder(await listOwn<Folder>(ctx, C.folders), ref);
  return m ? { ok: true, value: m.folder } : { ok: false, error: folderNotFound(ref) };
}

/** A folder given by id only ("" = root, answered as null). */
export async function folderById(ctx: StoreCtx, id: string): Promise<Found<Doc<Folder> | null>> {
  if (id === "") return { ok: true, value: null };
  const f = await getOwn<Folder>(ctx, C.folders, id);
  return f ? { ok: true, value: f } : { ok: false, error: folderNotFound(id) };
}
