// Bulk deletes by folder: empty a folder of its notes, or delete the folder with everything in it.
import { ActionResult, z } from "@imperal/sdk";
import { FOLDER_TARGET, PERMANENT, withAliases } from "./aliases.js";
import { chat } from "./app.js";
import { invalidate } from "./cache.js";
import { guarded } from "./errors.js";
import { folderRef, permanent } from "./fields.js";
import { findFolder } from "./lookup.js";
import { clearFolder } from "./mutations.js";
import { C } from "./store.js";

const FolderBulkParams = z.object({ folder_id: folderRef(), permanent: permanent() });
withAliases(FolderBulkParams, { folder_id: FOLDER_TARGET, permanent: PERMANENT });

chat.function(
  "delete_notes_from_folder",
  {
    description: "Trash every note of a folder (given by id or name), or delete them for good with permanent.",
    actionType: "destructive",
    event: "bulk_deleted",
    params: FolderBulkParams,
  },
  async (ctx, p) =>
    guarded("delete_notes_from_folder", async () => {
      const f = await findFolder(ctx, p.folder_id);
      if (!f.ok) return f.error;
      const n = await clearFolder(ctx, f.value.id, p.permanent);
      const summary =
        n === 0
          ? "No notes in folder — nothing to delete"
          : `${n} note(s) ${p.permanent ? "permanently deleted" : "moved to trash"}`;
      return ActionResult.success({ deleted_count: n, folder_id: f.value.id, permanent: p.permanent }, summary);
    }),
);

chat.function(
  "delete_folder_with_contents",
  {
    description: "Delete a folder (by id or name) and its notes: to the trash, or for good with permanent.",
    actionType: "destructive",
    event: "folder_with_contents_deleted",
    idProjection: "folder_id",
    params: FolderBulkParams,
  },
  async (ctx, p) =>
    guarded("delete_folder_with_contents", async () => {
      const f = await findFolder(ctx, p.folder_id);
      if (!f.ok) return f.error;
      const n = await clearFolder(ctx, f.value.id, p.permanent);
      // The trashed notes keep this folder's id; restore_note puts a note whose folder is gone at the root.
      await ctx.store.delete(C.folders, f.value.id);
      await invalidate(ctx);
      const how = p.permanent ? "permanently deleted" : "moved to trash";
      return ActionResult.success(
        { folder_id: f.value.id, deleted_count: n, permanent: p.permanent, refresh_panels: ["sidebar"] },
        `Folder '${f.value.name}' deleted; ${n} note(s) ${how}`,
        { refreshPanels: ["sidebar"] },
      );
    }),
);
