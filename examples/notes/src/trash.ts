// The trash: list it, restore a note from it, empty it for good.
import { ActionResult, z } from "@imperal/sdk";
import { NOTE_ID, withAliases } from "./aliases.js";
import { chat } from "./app.js";
import { invalidate } from "./cache.js";
import { guarded } from "./errors.js";
import { noteId } from "./fields.js";
import { loadNote } from "./lookup.js";
import { TrashList } from "./models.js";
import { hardDeleteNote } from "./mutations.js";
import { byPinnedThenRecent, C, getOwn, listOwn, patchNote, type Folder, type Note } from "./store.js";

chat.function(
  "list_trash",
  {
    description: "List the notes in the trash (up to 50) and how many there are.",
    actionType: "read",
    params: z.object({}),
    dataModel: TrashList,
  },
  async (ctx) =>
    guarded("list_trash", async () => {
      const trashed = (await listOwn<Note>(ctx, C.notes, { is_trashed: true })).sort(byPinnedThenRecent);
      const notes = trashed.slice(0, 50).map((n) => ({
        note_id: n.id,
        title: n.title,
        word_count: n.word_count,
        tags: n.tags,
      }));
      return ActionResult.success({ notes, total: trashed.length }, `${trashed.length} note(s) in trash`);
    }),
);

const RestoreParams = z.object({ note_id: noteId() });
withAliases(RestoreParams, { note_id: NOTE_ID });

chat.function(
  "restore_note",
  {
    description: "Bring a note back from the trash.",
    actionType: "write",
    event: "restored",
    params: RestoreParams,
  },
  async (ctx, p) =>
    guarded("restore_note", async () => {
      const r = await loadNote(ctx, p.note_id);
      if (!r.ok) return r.error;
      // Its folder may have been deleted while it was in the trash (delete_folder_with_contents): then the root.
      const folder = r.value.folder_id ? await getOwn<Folder>(ctx, C.folders, r.value.folder_id) : null;
      const folderId = folder ? folder.id : null;
      await patchNote(ctx, r.value.id, { is_trashed: false, folder_id: folderId });
      await invalidate(ctx);
      return ActionResult.success(
        { note_id: r.value.id, title: r.value.title, folder_id: folderId },
        `Note restored: ${r.value.title}`,
      );
    }),
);

chat.function(
  "empty_trash",
  {
    description: "Delete every note in the trash for good; this cannot be undone.",
    actionType: "destructive",
    event: "emptied",
    params: z.object({}),
  },
  async (ctx) =>
    guarded("empty_trash", async () => {
      const trashed = await listOwn<Note>(ctx, C.notes, { is_trashed: true });
      for (const n of trashed) await hardDeleteNote(ctx, n.id);
      await invalidate(ctx);
      return ActionResult.success(
        { deleted_count: trashed.length },
        trashed.length === 0 ? "Trash is already empty" : `${trashed.length} note(s) permanently deleted`,
      );
    }),
);
