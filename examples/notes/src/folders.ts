// Folders: list, resolve a name, create, rename, delete (its notes move to the root).
import { ActionResult, z } from "@imperal/sdk";
import { withAliases } from "./aliases.js";
import { chat } from "./app.js";
import { cachedFolders, invalidate } from "./cache.js";
import { CODES, fail, guarded } from "./errors.js";
import { folderById, matchFolder } from "./lookup.js";
import { FolderList, FolderMatch } from "./models.js";
import { C, createOwn, listOwn, nowIso, patchNote, type Folder, type Note } from "./store.js";

const REFRESH = ["sidebar"];
const nameRequired = () => fail("Folder name is required — pass name.", CODES.nameRequired);

chat.function(
  "list_folders",
  {
    description: "List the user's folders with their ids.",
    actionType: "read",
    params: z.object({}),
    dataModel: FolderList,
  },
  async (ctx) =>
    guarded("list_folders", async () => {
      const folders = await cachedFolders(ctx);
      return ActionResult.success({ folders, total: folders.length }, `${folders.length} folder(s)`);
    }),
);

const ResolveParams = z.object({ name: z.string().default("").describe("The folder's name, or part of it.") });

chat.function(
  "resolve_folder",
  {
    description: "Find a folder's id from its name: exact, then prefix, then substring match (case-insensitive).",
    actionType: "read",
    params: ResolveParams,
    dataModel: FolderMatch,
  },
  async (ctx, p) =>
    guarded<z.infer<typeof FolderMatch>>("resolve_folder", async () => {
      if (p.name.trim() === "") return nameRequired();
      const folders = await cachedFolders(ctx);
      const m = matchFolder(folders, p.name);
      if (!m)
        return ActionResult.success(
          { folder_id: null, name: null, match_quality: "none" as const, candidates: folders },
          `No folder named '${p.name}' — ${folders.length} folder(s) exist`,
        );
      return ActionResult.success(
        { folder_id: m.folder.folder_id, name: m.folder.name, match_quality: m.quality },
        `Folder '${m.folder.name}' (${m.quality} match)`,
      );
    }),
);

const CreateFolderParams = z.object({ name: z.string().default("").describe("Name of the new folder.") });

chat.function(
  "create_folder",
  {
    description: "Create a folder to file notes in.",
    actionType: "write",
    event: "folder_created",
    params: CreateFolderParams,
  },
  async (ctx, p) =>
    guarded("create_folder", async () => {
      const name = p.name.trim();
      if (name === "") return nameRequired();
      const f = await createOwn<Omit<Folder, "owner_id">>(ctx, C.folders, {
        name,
        icon: "folder",
        created_at: nowIso(),
      });
      await invalidate(ctx);
      return ActionResult.success({ folder_id: f.id, name, refresh_panels: REFRESH }, `Folder created: ${name}`, {
        refreshPanels: REFRESH,
      });
    }),
);

const RenameParams = z.object({
  folder_id: z.string().describe("Id of the folder to rename (also: folder, folderId, id, uuid)."),
  name: z.string().default("").describe("Its new name."),
});
withAliases(RenameParams, { folder_id: ["folder", "folderId", "id", "uuid"] });

chat.function(
  "rename_folder",
  {
    description: "Rename a folder.",
    actionType: "write",
    event: "folder_renamed",
    params: RenameParams,
  },
  async (ctx, p) =>
    guarded("rename_folder", async () => {
      const name = p.name.trim();
      if (name === "") return nameRequired();
      const f = await folderById(ctx, p.folder_id);
      if (!f.ok) return f.error;
      if (!f.value) return fail("folder_id is required — pass the id of the folder to rename.", CODES.folderNotFound);
      await ctx.store.update(C.folders, f.value.id, { name });
      await invalidate(ctx);
      return ActionResult.success(
        { folder_id: f.value.id, name, old_name: f.value.name },
        `Folder renamed: ${f.value.name} → ${name}`,
      );
    }),
);

const DeleteFolderParams = z.object({
  folder_id: z.string().describe("Id of the folder to delete (also: folder, folderId, id, uuid)."),
});
withAliases(DeleteFolderParams, { folder_id: ["folder", "folderId", "id", "uuid"] });

chat.function(
  "delete_folder",
  {
    description: "Delete a folder; its notes are kept and moved to the root.",
    actionType: "destructive",
    event: "folder_deleted",
    params: DeleteFolderParams,
  },
  async (ctx, p) =>
    guarded("delete_folder", async () => {
      const f = await folderById(ctx, p.folder_id);
      if (!f.ok) return f.error;
      if (!f.value) return fail("folder_id is required — pass the id of the folder to delete.", CODES.folderNotFound);
      const notes = await listOwn<Note>(ctx, C.notes, { folder_id: f.value.id });
      for (const n of notes) await patchNote(ctx, n.id, { folder_id: null });
      await ctx.store.delete(C.folders, f.value.id);
      await invalidate(ctx);
      return ActionResult.success(
        { folder_id: f.value.id, name: f.value.name, notes_moved: notes.length },
        "Folder deleted, notes moved to root",
        { refreshPanels: REFRESH },
      );
    }),
);
