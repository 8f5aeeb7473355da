// The sidebar panel (slot left): toolbar, folder tree and notes list, or the Archived / Trash views.
import { ui, type UIAction, type UINode } from "@imperal/sdk";
import { ext } from "../app.js";
import { cachedFolders, cachedStats } from "../cache.js";
import { byPinnedThenRecent, C, listOwn, type Doc, type Note } from "../store.js";
import {
  archivedView,
  folderInput,
  folderTree,
  noteList,
  scopedNotes,
  toolbar,
  trashView,
  type SidebarModel,
  type View,
} from "./sidebar-views.js";

/** Every write of the original that changes what the sidebar lists (12 events). */
const REFRESH =
  "on_event:notes.created,notes.updated,notes.moved,notes.deleted,notes.permanently_deleted,notes.bulk_deleted," +
  "notes.folder_created,notes.folder_renamed,notes.folder_deleted,notes.folder_with_contents_deleted," +
  "notes.restored,notes.emptied";

const str = (v: unknown) => (typeof v === "string" ? v : "");

/** The view prop as one of the known views (anything else is the default view). */
export function viewOf(v: unknown): View {
  const s = str(v);
  if (s === "trash" || s === "archived" || s === "new_folder") return s;
  if (/^rename_folder:.+/.test(s)) return s as View;
  return "notes";
}

ext.panel(
  "sidebar",
  {
    slot: "left",
    title: "Notes",
    icon: "StickyNote",
    defaultWidth: 280,
    minWidth: 200,
    maxWidth: 500,
    refresh: REFRESH,
  },
  async (ctx, props) => {
    const view = viewOf(props.view);
    let m: SidebarModel;
    try {
      const [folders, stats, notes] = await Promise.all([
        cachedFolders(ctx),
        cachedStats(ctx),
        listOwn<Note>(ctx, C.notes),
      ]);
      m = {
        view,
        folderId: str(props.folder_id),
        activeNoteId: str(props.active_note_id),
        folders,
        stats,
        notes: notes.sort(byPinnedThenRecent),
      };
    } catch (e) {
      ctx.log(`sidebar: loading failed: ${(e as Error)?.message ?? String(e)}`, "error");
      return ui.empty("Couldn't load notes — try again in a moment.", { icon: "AlertTriangle" });
    }
    const body: UINode[] = [toolbar(m)];
    let shown: Doc<Note>[] = [];
    if (view === "archived") {
      body.push(...archivedView(m));
      shown = m.notes.filter((n) => n.is_archived && !n.is_trashed);
    } else if (view === "trash") body.push(...trashView(m));
    else {
      const input = folderInput(m);
      if (input) body.push(input);
      const notes = scopedNotes(m);
      body.push(...folderTree(m), ...noteList(m, notes));
      shown = notes;
    }
    // Opening the sidebar opens its first note in the editor, as the original does (never from the trash).
    const first = m.activeNoteId === "" ? shown[0] : undefined;
    const autoAction: UIAction | undefined = first ? ui.call("__panel__editor", { note_id: first.id }) : undefined;
    return ui.stack(body, { gap: 2, ...(autoAction ? { autoAction } : {}) });
  },
);
