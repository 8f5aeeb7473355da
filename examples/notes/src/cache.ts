// The three cached views of the original (SPEC 6.1 "Cache"), each read through get-or-fetch with its typed model.
// Writes drop them, so a panel rendered right after a write never shows the state before it.
import type { CacheClient } from "@imperal/sdk";
import { CachedFolders, CachedStats, CachedTags } from "./models.js";
import { C, listOwn, type Folder, type Note, type StoreCtx } from "./store.js";

type CacheCtx = StoreCtx & { cache: CacheClient };

/** Folder key of the main list for notes without a folder, and for every note. */
export const UNFILED = "__unfiled__";
export const ALL = "__all__";

/** The user's folders, oldest first (60 s). */
export function cachedFolders(ctx: CacheCtx) {
  return ctx.cache.getOrFetch(
    `folders:${ctx.user.imperalId}`,
    async () => (await listOwn<Folder>(ctx, C.folders)).map((f) => ({ folder_id: f.id, name: f.name })),
    { ttlSeconds: 60, schema: CachedFolders },
  );
}

/** Counts of the main list (not trashed, not archived) per folder, plus `__all__` and `__unfiled__` (30 s). */
export function cachedStats(ctx: CacheCtx) {
  return ctx.cache.getOrFetch(
    `stats:${ctx.user.imperalId}`,
    async () => {
      const notes = await listOwn<Note>(ctx, C.notes, { is_trashed: false, is_archived: false });
      const stats: Record<string, number> = { [ALL]: notes.length, [UNFILED]: 0 };
      for (const n of notes) {
        const k = n.folder_id ?? UNFILED;
        stats[k] = (stats[k] ?? 0) + 1;
      }
      return stats;
    },
    { ttlSeconds: 30, schema: CachedStats },
  );
}

/** Every distinct tag of the user's non-trashed notes, sorted (120 s). */
export function cachedTags(ctx: CacheCtx) {
  return ctx.cache.getOrFetch(
    `tags:${ctx.user.imperalId}`,
    async () => {
      const notes = await listOwn<Note>(ctx, C.notes, { is_trashed: false });
      return [...new Set(notes.flatMap((n) => n.tags))].sort();
    },
    { ttlSeconds: 120, schema: CachedTags },
  );
}

/** Drops the cached views after a write. */
export async function invalidate(ctx: CacheCtx): Promise<void> {
  const uid = ctx.user.imperalId;
  await Promise.all([
    ctx.cache.delete(`folders:${uid}`),
    ctx.cache.delete(`stats:${uid}`),
    ctx.cache.delete(`tags:${uid}`),
  ]);
}
