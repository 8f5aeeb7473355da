// The sidebar's trees, one per view, built from already-loaded data (so every view renders the same way in the
// testing kit and in the kernel).
import { ui, type UINode } from "@imperal/sdk";
import { ALL, UNFILED } from "../cache.js";
import type { Doc, Note } from "../store.js";

export type View = "notes" | "trash" | "archived" | "new_folder" | `rename_folder:${string}`;

/** What a sidebar render shows. */
export interface SidebarModel {
  view: View;
  /** "" = all notes, `__unfiled__` = notes without a folder, else a folder id. */
  folderId: string;
  activeNoteId: string;
  folders: Array<{ folder_id: string; name: string }>;
  stats: Record<string, number>;
  /** Every note of the user (the views filter). */
  notes: Doc<Note>[];
}

/** The props a view button or a back button re-renders the sidebar with. */
const at = (m: SidebarModel, view: View) =>
  ui.call("__panel__sidebar", { view, folder_id: m.folderId, active_note_id: m.activeNoteId });

/** The sticky toolbar: New Note, then the three toggles (the active one secondary, the others ghost). */
export function toolbar(m: SidebarModel): UINode {
  const toggle = (label: string, icon: string, view: View) =>
    ui.button(label, {
      icon,
      variant: m.view === view ? "secondary" : "ghost",
      onClick: at(m, m.view === view ? "notes" : view),
    });
  return ui.row(
    [
      ui.button("New Note", {
        icon: "Plus",
        variant: "primary",
        onClick: ui.call("__panel__editor", { note_id: "new" }),
      }),
      toggle("New Folder", "FolderPlus", "new_folder"),
      toggle("Archived", "Archive", "archived"),
      toggle("Trash", "Trash2", "trash"),
    ],
    { sticky: true, wrap: true, gap: 4 },
  );
}

const trashAction = (n: Doc<Note>) =>
  ui.button("Trash", {
    icon: "Trash2",
    variant: "ghost",
    onClick: ui.call("delete_note", { note_id: n.id }, { confirm: `Move '${n.title}' to trash?` }),
  });
const openInEditor = (n: Doc<Note>) => ui.call("__panel__editor", { note_id: n.id });

/** The Archived view: back, a count, and the archived notes with Unarchive and Trash. */
export function archivedView(m: SidebarModel): UINode[] {
  const notes = m.notes.filter((n) => n.is_archived && !n.is_trashed);
  const items = notes.map((n) =>
    ui.listItem({
      id: n.id,
      title: n.title,
      subtitle: `${n.word_count} words`,
      onClick: openInEditor(n),
      actions: [
        ui.button("Unarchive", {
          icon: "ArchiveRestore",
          variant: "ghost",
          onClick: ui.call("note_save", { note_id: n.id, field: "unarchive" }),
        }),
        trashAction(n),
      ],
    }),
  );
  return [
    ui.button("Back to Notes", { icon: "ArrowLeft", variant: "ghost", onClick: at(m, "notes") }),
    ui.divider({ label: `Archived (${notes.length})` }),
    items.length ? ui.list(items) : ui.empty("No archived notes", { icon: "Archive" }),
  ];
}

/** The Trash view: back, a count, the trashed notes with Restore and Delete forever, then Empty Trash. */
export function trashView(m: SidebarModel): UINode[] {
  const notes = m.notes.filter((n) => n.is_trashed);
  const items = notes.map((n) =>
    ui.listItem({
      id: n.id,
      title: n.title,
      subtitle: `${n.word_count} words`,
      actions: [
        ui.button("Restore", {
          icon: "Undo2",
          variant: "ghost",
          onClick: ui.call("restore_note", { note_id: n.id }),
        }),
        ui.button("Delete forever", {
          icon: "Trash2",
          variant: "danger",
          onClick: ui.call("permanent_delete_note", { note_id: n.id }, { confirm: `Permanently delete '${n.title}'?` }),
        }),
      ],
    }),
  );
  return [
    ui.button("Back to Notes", { icon: "ArrowLeft", variant: "ghost", onClick: at(m, "notes") }),
    ui.divider({ label: `Trash (${notes.length})` }),
    ...(items.length
      ? [
          ui.list(items),
          ui.button("Empty Trash", { icon: "Trash2", variant: "danger", onClick: ui.call("empty_trash") }),
        ]
      : [ui.empty("Trash is empty", { icon: "Trash2" })]),
  ];
}

/** The input of the New Folder and Rename views (Enter submits). */
export function folderInput(m: SidebarModel): UINode | null {
  if (m.view === "new_folder")
    return ui.input("name", { placeholder: "Folder name, press Enter…", onSubmit: ui.call("create_folder") });
  if (m.view.startsWith("rename_folder:")) {
    const id = m.view.slice("rename_folder:".length);
    const f = m.folders.find((x) => x.folder_id === id);
    if (!f) return null;
    return ui.input("name", {
      value: f.name,
      placeholder: "New name, press Enter…",
      onSubmit: ui.call("rename_folder", { folder_id: f.folder_id }),
    });
  }
  return null;
}

/** The folder tree: All Notes, each folder (a drop target, with Rename and Delete), Unfiled. */
export function folderTree(m: SidebarModel): UINode[] {
  const scope = (folder_id: string) => ui.call("__panel__sidebar", { view: "notes", folder_id, active_note_id: "" });
  const count = (k: string) => String(m.stats[k] ?? 0);
  const folders = m.folders.map((f) =>
    ui.listItem({
      id: f.folder_id,
      title: f.name,
      icon: "Folder",
      meta: count(f.folder_id),
      selected: m.folderId === f.folder_id,
      onClick: scope(f.folder_id),
      droppable: true,
      onDrop: ui.call("move_note", { folder_id: f.folder_id }),
      actions: [
        ui.button("Rename", { icon: "Pencil", variant: "ghost", onClick: at(m, `rename_folder:${f.folder_id}`) }),
        ui.button("Delete", {
          icon: "Trash2",
          variant: "ghost",
          onClick: ui.call(
            "delete_folder",
            { folder_id: f.folder_id },
            { confirm: `Delete folder '${f.name}'? Notes move to root.` },
          ),
        }),
      ],
    }),
  );
  return [
    ui.divider({ label: "Folders" }),
    ui.list([
      ui.listItem({
        id: ALL,
        title: "All Notes",
        icon: "StickyNote",
        meta: count(ALL),
        selected: m.folderId === "",
        onClick: scope(""),
      }),
      ...folders,
      ui.listItem({
        id: UNFILED,
        title: "Unfiled",
        icon: "Inbox",
        meta: count(UNFILED),
        selected: m.folderId === UNFILED,
        onClick: scope(UNFILED),
        droppable: true,
        onDrop: ui.call("move_note", { folder_id: "" }),
      }),
    ]),
  ];
}

/** The notes of the main list in the selected scope (not trashed, not archived), pinned first. */
export function scopedNotes(m: SidebarModel): Doc<Note>[] {
  return m.notes.filter(
    (n) =>
      !n.is_trashed &&
      !n.is_archived &&
      (m.folderId === "" || (m.folderId === UNFILED ? n.folder_id === null : n.folder_id === m.folderId)),
  );
}

/** The notes list of the default view: searchable, 20 a page, rows draggable onto folders. */
export function noteList(m: SidebarModel, notes: Doc<Note>[]): UINode[] {
  const folderName = (id: string | null) => m.folders.find((f) => f.folder_id === id)?.name ?? "Unfiled";
  const rows = notes.map((n) =>
    ui.listItem({
      id: n.id,
      title: n.title,
      subtitle: `${n.word_count} words · ${folderName(n.folder_id)}`,
      ...(n.is_pinned ? { badge: ui.badge("pinned", { color: "yellow" }) } : {}),
      selected: n.id === m.activeNoteId,
      draggable: true,
      onClick: openInEditor(n),
      actions: [trashAction(n)],
    }),
  );
  return [
    ui.divider({ label: `Notes (${notes.length})` }),
    rows.length
      ? ui.list(rows, { searchable: true, pageSize: 20 })
      : ui.empty("No notes here yet — New Note creates one.", { icon: "StickyNote" }),
  ];
}
